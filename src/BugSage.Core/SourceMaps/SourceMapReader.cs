using System.Text.Json;
using BugSage.Core.Events;

namespace BugSage.Core.SourceMaps;

/// <summary>
/// Reads source map JSON: a regular map, or an index map whose sections are regular maps placed
/// at offsets. Strict where a lenient reading would map frames to the wrong place (malformed
/// mappings, indices past the lists), tolerant where bundlers differ harmlessly (null sources,
/// missing names, the <c>)]}'</c> guard line).
/// </summary>
internal static class SourceMapReader
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16, AllowTrailingCommas = false };

    public static SourceMap Read(ReadOnlyMemory<byte> json)
    {
        try
        {
            return ReadDocument(LoneSurrogateEscapes.Replace(WithoutGuard(json)));
        }
        catch (InvalidOperationException e)
        {
            // A string that does not decode (invalid UTF-8) is found only when it is read.
            throw new SourceMapFormatException($"not JSON: {e.Message}");
        }
    }

    private static SourceMap ReadDocument(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            throw new SourceMapFormatException($"not JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new SourceMapFormatException("not a JSON object");
            var builder = new Builder();
            if (root.TryGetProperty("sections", out var sections)) ReadSections(root, sections, builder);
            else ReadRegular(root, 0, 0, builder);
            return new SourceMap(builder.Sources, builder.Contents, builder.Names, builder.Tokens, DebugIdOf(root) ?? builder.SectionDebugId, OptionalString(root, "file"));
        }
    }

    private sealed class Builder
    {
        public readonly List<string> Sources = [];
        public readonly List<SourceText?> Contents = [];
        public readonly List<string> Names = [];
        public readonly List<SourceMapToken> Tokens = [];
        public string? SectionDebugId;
    }

    /// <summary>Some servers prefix JSON with <c>)]}'</c> and a newline against cross-site script inclusion; the spec allows it.</summary>
    private static ReadOnlyMemory<byte> WithoutGuard(ReadOnlyMemory<byte> json)
    {
        var span = json.Span;
        if (span.StartsWith(")]}"u8))
        {
            var newline = span.IndexOf((byte)'\n');
            return newline < 0 ? ReadOnlyMemory<byte>.Empty : json[(newline + 1)..];
        }
        return json;
    }

    private static void ReadSections(JsonElement root, JsonElement sections, Builder builder)
    {
        if (sections.ValueKind != JsonValueKind.Array) throw new SourceMapFormatException("sections is not an array");
        CheckVersion(root);
        foreach (var section in sections.EnumerateArray())
        {
            if (section.ValueKind != JsonValueKind.Object) throw new SourceMapFormatException("a section is not an object");
            if (section.TryGetProperty("url", out _)) throw new SourceMapFormatException("sections that point to other maps by url are not supported");
            if (!section.TryGetProperty("offset", out var offset) || offset.ValueKind != JsonValueKind.Object) throw new SourceMapFormatException("a section has no offset");
            var line = NonNegative(offset, "line");
            var column = NonNegative(offset, "column");
            if (!section.TryGetProperty("map", out var map) || map.ValueKind != JsonValueKind.Object) throw new SourceMapFormatException("a section has no map");
            if (map.TryGetProperty("sections", out _)) throw new SourceMapFormatException("sections inside sections");
            builder.SectionDebugId ??= DebugIdOf(map);
            ReadRegular(map, line, column, builder);
        }
    }

    private static void ReadRegular(JsonElement map, int lineOffset, int columnOffset, Builder builder)
    {
        CheckVersion(map);
        var sourceBase = builder.Sources.Count;
        var nameBase = builder.Names.Count;
        var root = OptionalString(map, "sourceRoot") ?? "";
        var sources = StringArray(map, "sources", nullAs: "") ?? [];
        foreach (var source in sources) builder.Sources.Add(WithRoot(root, source!));
        var contents = StringArray(map, "sourcesContent", nullAs: null) ?? [];
        for (var i = 0; i < sources.Count; i++) builder.Contents.Add(i < contents.Count && contents[i] is { } content ? new SourceText(content) : null);
        foreach (var name in StringArray(map, "names", nullAs: "") ?? []) builder.Names.Add(name!);
        if (!map.TryGetProperty("mappings", out var mappings) || mappings.ValueKind != JsonValueKind.String) throw new SourceMapFormatException("mappings is missing or not a string");
        Decode(mappings.GetString()!, lineOffset, columnOffset, sourceBase, sources.Count, nameBase, builder.Names.Count - nameBase, builder.Tokens);
    }

    /// <summary>Decodes <c>mappings</c>: lines split by ';', segments by ','; each field relative to the one before it.</summary>
    private static void Decode(string mappings, int lineOffset, int columnOffset, int sourceBase, int sourceCount, int nameBase, int nameCount, List<SourceMapToken> tokens)
    {
        int line = 0, column = 0, source = 0, originalLine = 0, originalColumn = 0, name = 0;
        var position = 0;
        while (position < mappings.Length)
        {
            var c = mappings[position];
            if (c == ';') { line++; column = 0; position++; continue; }
            if (c == ',') { position++; continue; }

            column = Add(column, Base64Vlq.Read(mappings, ref position));
            if (column < 0) throw new SourceMapFormatException("a generated column is negative");
            var sourceIndex = -1;
            var nameIndex = -1;
            if (!AtSeparator(mappings, position))
            {
                source = Add(source, Base64Vlq.Read(mappings, ref position));
                if (AtSeparator(mappings, position)) throw new SourceMapFormatException("a segment has two fields");
                originalLine = Add(originalLine, Base64Vlq.Read(mappings, ref position));
                if (AtSeparator(mappings, position)) throw new SourceMapFormatException("a segment has three fields");
                originalColumn = Add(originalColumn, Base64Vlq.Read(mappings, ref position));
                if (source < 0 || source >= sourceCount) throw new SourceMapFormatException($"a segment names source {source} of {sourceCount}");
                if (originalLine < 0 || originalColumn < 0) throw new SourceMapFormatException("an original line or column is negative");
                sourceIndex = sourceBase + source;
                if (!AtSeparator(mappings, position))
                {
                    name = Add(name, Base64Vlq.Read(mappings, ref position));
                    if (name < 0 || name >= nameCount) throw new SourceMapFormatException($"a segment names name {name} of {nameCount}");
                    nameIndex = nameBase + name;
                    if (!AtSeparator(mappings, position)) throw new SourceMapFormatException("a segment has more than five fields");
                }
            }
            if (tokens.Count >= SourceMap.MaxTokens) throw new SourceMapFormatException($"more than {SourceMap.MaxTokens} mappings");
            var generatedLine = Add(line, lineOffset);
            if (generatedLine > SourceMap.MaxGeneratedLine) throw new SourceMapFormatException($"a mapping is past generated line {SourceMap.MaxGeneratedLine}");
            var generatedColumn = line == 0 ? Add(column, columnOffset) : column;
            tokens.Add(new SourceMapToken(generatedLine, generatedColumn, sourceIndex, sourceIndex < 0 ? 0 : originalLine, sourceIndex < 0 ? 0 : originalColumn, nameIndex));
        }
    }

    private static bool AtSeparator(string mappings, int position) => position >= mappings.Length || mappings[position] is ',' or ';';

    private static int Add(int a, int b)
    {
        var sum = (long)a + b;
        if (sum is > int.MaxValue or < int.MinValue) throw new SourceMapFormatException("a mappings position is out of range");
        return (int)sum;
    }

    private static void CheckVersion(JsonElement map)
    {
        // Version 3 is the only one in use; a few tools leave the field out.
        if (map.TryGetProperty("version", out var version) && !(version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var v) && v == 3))
            throw new SourceMapFormatException("not a version 3 source map");
    }

    private static int NonNegative(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 0
            ? n
            : throw new SourceMapFormatException($"offset {name} is not a non-negative integer");

    private static string? OptionalString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? DebugIdOf(JsonElement map) => OptionalString(map, "debugId") ?? OptionalString(map, "debug_id");

    private static List<string?>? StringArray(JsonElement obj, string name, string? nullAs)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array) throw new SourceMapFormatException($"{name} is not an array");
        var list = new List<string?>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
            list.Add(item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Null => nullAs,
                _ => throw new SourceMapFormatException($"{name} holds a {item.ValueKind}"),
            });
        return list;
    }

    private static string WithRoot(string root, string source)
    {
        if (root.Length == 0 || source.Contains("://", StringComparison.Ordinal) || source.StartsWith('/')) return source;
        return root.EndsWith('/') ? root + source : root + "/" + source;
    }
}
