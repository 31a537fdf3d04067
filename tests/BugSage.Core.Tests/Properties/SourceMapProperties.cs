using System.Text;
using BugSage.Core.Events;
using BugSage.Core.SourceMaps;
using BugSage.Core.Tests.SourceMaps;
using CsCheck;

namespace BugSage.Core.Tests.Properties;

/// <summary>
/// Source maps are uploaded by anyone holding a release token and read at digest time: whatever
/// the bytes, reading one fails only with <see cref="SourceMapFormatException"/>, every mapping it
/// keeps points inside its lists, and mapping any frame through it never throws and yields
/// storable text.
/// </summary>
public class SourceMapProperties
{
    private static readonly byte[] Real = BundleFixture.Load("esbuild").MapJson;

    private const string MappingChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/,;;;,*";

    private static readonly Gen<string> Mappings = Gen.Char[MappingChars].Array[0, 300].Select(c => new string(c));

    private static readonly Gen<string> Text = Gen.OneOf(Gen.String[0, 40], Gen.Const("😀\ud800x"), Gen.Const(new string('q', 400)));

    /// <summary>A map built from parts: random mappings over random sources, names and contents, sometimes inside sections.</summary>
    private static readonly Gen<byte[]> Built = Gen.Select(Mappings, Text.Array[0, 4], Text.Array[0, 4], Gen.Bool, Gen.Int[0, 3]).Select((mappings, sources, names, sectioned, offset) =>
    {
        string Quote(string s) => "\"" + JsonText.Escape(s) + "\"";
        var map = $$"""{"version":3,"sources":[{{string.Join(",", sources.Select(Quote))}}],"sourcesContent":[{{string.Join(",", sources.Select(Quote))}}],"names":[{{string.Join(",", names.Select(Quote))}}],"mappings":{{Quote(mappings)}}}""";
        var json = sectioned ? $$"""{"version":3,"sections":[{"offset":{"line":{{offset}},"column":{{offset * 7}}},"map":{{map}}}]}""" : map;
        return Encoding.UTF8.GetBytes(json);
    });

    /// <summary>The real esbuild map with bytes flipped or the end cut off.</summary>
    private static readonly Gen<byte[]> Mutated = Gen.Select(Gen.Int[0, Real.Length - 1].Array[1, 6], Gen.Byte, Gen.Bool).Select((positions, value, cut) =>
    {
        var bytes = (byte[])Real.Clone();
        foreach (var p in positions) bytes[p] = value;
        return cut ? bytes[..positions[0]] : bytes;
    });

    private static readonly Gen<byte[]> AnyMap = Gen.Frequency((3, Built), (2, Mutated), (1, Gen.Byte.Array[0, 200]));

    [Fact]
    public void Any_bytes_read_as_a_map_or_a_format_error_and_lookups_stay_inside_the_map() =>
        Gen.Select(AnyMap, Gen.Int[-2, 6], Gen.Int[-2, 2000]).Sample((bytes, line, column) =>
        {
            SourceMap map;
            try
            {
                map = SourceMap.Parse(bytes);
            }
            catch (SourceMapFormatException)
            {
                return;
            }
            if (map.Lookup(line, column) is { } token)
            {
                token.GeneratedLine.ShouldBe(line);
                token.GeneratedColumn.ShouldBeLessThanOrEqualTo(column);
                if (token.HasSource) token.SourceIndex.ShouldBeLessThan(map.Sources.Count);
                token.NameIndex.ShouldBeLessThan(map.Names.Count);
            }
            var frame = new StackFrame { Function = "t.n", Lineno = line + 1, Colno = column + 1 };
            var (mapped, problem) = FrameSymbolicator.Map(frame, new SourceArtifact(map, "function n(){}\nt.n()"));
            (mapped is null).ShouldBe(problem is not null);
            if (mapped is null) return;
            foreach (var text in new[] { mapped.Filename, mapped.AbsPath, mapped.Function, mapped.ContextLine }.Concat(mapped.PreContext ?? []).Concat(mapped.PostContext ?? []))
                (text?.Length ?? 0).ShouldBeLessThanOrEqualTo(1024 + 14);
        }, iter: PropertyRuns.Strings);
}
