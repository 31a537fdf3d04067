using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Events;
using CsCheck;

namespace BugSage.Core.Tests.Properties;

/// <summary>
/// Long strings are cut before an event is parsed: whatever the text (escapes, multi-byte UTF-8,
/// surrogate pairs) and wherever the limit falls, the JSON stays valid, short strings are untouched,
/// and a long one becomes a whole-character prefix of itself followed by "…".
/// </summary>
public class LongStringProperties
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    // Characters that are written escaped (quote, backslash, controls), ASCII, 2- and 3-byte UTF-8, and emoji (surrogate pairs).
    private static readonly string[] Pieces = ["\"", "\\", "\n", "\u0001", "a", "z", "é", "ж", "€", "中", "😀", "🎉", "/", " "];
    private static readonly Gen<string> Piece = Gen.Int[0, Pieces.Length - 1].Select(i => Pieces[i]);
    private static readonly Gen<string> Text = Piece.Array[0, 120].Select(string.Concat);

    /// <summary>An object with string values, a string property name and strings in an array, written escaped or as raw UTF-8.</summary>
    private static readonly Gen<(string Json, string[] Strings, int Max, JsonSerializerOptions Written)> Document =
        Gen.Select(Text.Array[1, 4], Text, Gen.Bool, Gen.Int[8, 80]).Select((values, name, raw, max) =>
        {
            var options = new JsonSerializerOptions { Encoder = raw ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : JavaScriptEncoder.Default };
            var node = new JsonObject { ["first"] = values[0], ["list"] = new JsonArray([.. values.Skip(1).Select(v => (JsonNode)v!)]), ["n"] = 12.5 };
            node["name:" + name] = true;
            return (node.ToJsonString(options), values.Append("name:" + name).ToArray(), max, options);
        });

    [Fact]
    public void Long_strings_become_whole_character_prefixes_and_short_ones_stay() =>
        Document.Sample(d =>
        {
            var input = Encoding.UTF8.GetBytes(d.Json);
            var cut = LongStrings.Cut(input, Options, d.Max, d.Max);
            var parsed = JsonNode.Parse(cut.Span)!.AsObject();
            parsed["n"]!.GetValue<double>().ShouldBe(12.5);
            // In the order the document holds them: "first", the list, then the property name.
            var seen = new List<string> { parsed["first"]!.GetValue<string>() };
            seen.AddRange(parsed["list"]!.AsArray().Select(v => v!.GetValue<string>()));
            seen.Add(parsed.Select(p => p.Key).Single(k => k is not ("first" or "list" or "n")));
            seen.Count.ShouldBe(d.Strings.Length);
            foreach (var (original, result) in d.Strings.Zip(seen))
            {
                var encoded = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(original, d.Written)) - 2;
                if (encoded <= d.Max)
                {
                    result.ShouldBe(original, "a string within the limit is untouched");
                    continue;
                }
                result.ShouldEndWith("…");
                var kept = result[..^1];
                original.ShouldStartWith(kept, Case.Sensitive, "a prefix of the original");
                kept.Length.ShouldBeLessThanOrEqualTo(d.Max, "at most the limit's bytes, so at most that many characters");
                if (kept.Length > 0) char.IsHighSurrogate(kept[^1]).ShouldBeFalse("never half a surrogate pair");
                // And as long as it can be: one more character would not fit.
                var next = char.IsHighSurrogate(original[kept.Length]) ? 2 : 1;
                (Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(original[..(kept.Length + next)], d.Written)) - 2).ShouldBeGreaterThan(d.Max);
            }
        }, iter: PropertyRuns.Strings);

    [Fact]
    public void A_document_without_long_strings_is_returned_as_it_is()
    {
        var json = Encoding.UTF8.GetBytes("{\"message\":\"short\",\"extra\":{\"k\":[1,2,\"x\"]}}");
        var same = new ReadOnlyMemory<byte>(json);
        LongStrings.Cut(same, Options, 8, 8).Equals(same).ShouldBeTrue();
        LongStrings.Cut(same, Options).Equals(same).ShouldBeTrue();
    }

    [Fact]
    public void A_megabyte_string_is_cut_to_the_limit_and_malformed_json_still_throws()
    {
        var json = Encoding.UTF8.GetBytes("{\"message\":\"" + new string('x', 1_000_000) + "\",\"level\":\"error\"}");
        var cut = JsonNode.Parse(LongStrings.Cut(json, Options).Span)!;
        cut["message"]!.GetValue<string>().ShouldBe(new string('x', LongStrings.MaxFieldBytes) + "…");
        cut["level"]!.GetValue<string>().ShouldBe("error");
        Should.Throw<JsonException>(() => LongStrings.Cut(Encoding.UTF8.GetBytes("{\"message\":\"" + new string('x', 200_000) + "\",}"), Options));
    }

    [Fact]
    public void Free_form_data_keeps_long_strings_and_fields_are_cut_shorter()
    {
        var huge = new string('y', 300_000);
        var json = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["extra"] = new JsonObject { ["report"] = huge, ["nested"] = new JsonArray(huge) },
            ["contexts"] = new JsonObject { ["state"] = new JsonObject { ["dump"] = huge } },
            ["request"] = new JsonObject { ["data"] = huge, ["url"] = huge },
            ["exception"] = new JsonObject
            {
                ["values"] = new JsonArray(new JsonObject
                {
                    ["value"] = huge,
                    ["stacktrace"] = new JsonObject { ["frames"] = new JsonArray(new JsonObject { ["function"] = huge, ["vars"] = new JsonObject { ["body"] = huge } }) },
                }),
            },
            ["after_extra"] = huge,
            [huge] = "a long property name",
        }.ToJsonString());
        var cut = JsonNode.Parse(LongStrings.Cut(json, Options).Span)!;

        var kept = new string('y', LongStrings.MaxBytes) + "…";
        var field = new string('y', LongStrings.MaxFieldBytes) + "…";
        cut["extra"]!["report"]!.GetValue<string>().ShouldBe(kept);
        cut["extra"]!["nested"]![0]!.GetValue<string>().ShouldBe(kept);
        cut["contexts"]!["state"]!["dump"]!.GetValue<string>().ShouldBe(kept);
        cut["request"]!["data"]!.GetValue<string>().ShouldBe(kept, "a string directly under a free-form member");
        cut["request"]!["url"]!.GetValue<string>().ShouldBe(field);
        var exception = cut["exception"]!["values"]![0]!;
        exception["value"]!.GetValue<string>().ShouldBe(field);
        exception["stacktrace"]!["frames"]![0]!["function"]!.GetValue<string>().ShouldBe(field);
        exception["stacktrace"]!["frames"]![0]!["vars"]!["body"]!.GetValue<string>().ShouldBe(kept);
        cut["after_extra"]!.GetValue<string>().ShouldBe(field, "free-form data ends with its object");
        cut.AsObject().ShouldContain(p => p.Key == field, "property names are cut at the field limit, also at the top level");
        // Every cut field decodes to a string under the 85,000 bytes of the large object heap.
        (field.Length * sizeof(char)).ShouldBeLessThan(85_000);
    }
}
