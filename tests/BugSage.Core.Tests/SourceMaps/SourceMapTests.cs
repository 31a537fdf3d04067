using System.Text;
using BugSage.Core.SourceMaps;

namespace BugSage.Core.Tests.SourceMaps;

public class SourceMapTests
{
    private static SourceMap Parse(string json) => SourceMap.Parse(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("A", 0)]
    [InlineData("C", 1)]
    [InlineData("D", -1)]
    [InlineData("gB", 16)]
    [InlineData("2H", 123)]
    [InlineData("3H", -123)]
    [InlineData("w+B", 1000)]
    [InlineData("+/////D", int.MaxValue)]
    public void Vlq_values_decode(string digits, int value)
    {
        var position = 0;
        Base64Vlq.Read(digits, ref position).ShouldBe(value);
        position.ShouldBe(digits.Length);
    }

    [Theory]
    [InlineData("g", "mappings end inside a value")]
    [InlineData("gggggggB", "a mappings value is longer than 32 bits")]
    [InlineData("+//////H", "a mappings value is longer than 32 bits")]
    [InlineData("A*", "mappings hold '*', which is no base64 digit")]
    public void Broken_vlq_is_a_format_error(string digits, string message)
    {
        var position = 0;
        Should.Throw<SourceMapFormatException>(() => { while (position < digits.Length) Base64Vlq.Read(digits, ref position); }).Message.ShouldBe(message);
    }

    [Fact]
    public void Lookup_takes_the_last_mapping_at_or_before_the_column_on_that_line()
    {
        // Line 0: columns 0 → a.js 0:0, 10 → a.js 1:4 (name "run"); line 1 (after ';'): column 2 → b.js 5:0.
        var map = Parse("""{"version":3,"sources":["a.js","b.js"],"names":["run"],"mappings":"AAAA,UACIA;EC...","sourceRoot":""}""".Replace("EC...", "ECIJ"));
        map.Lookup(0, 0).ShouldBe(new SourceMapToken(0, 0, 0, 0, 0, -1));
        map.Lookup(0, 9).ShouldBe(new SourceMapToken(0, 0, 0, 0, 0, -1));
        map.Lookup(0, 10).ShouldBe(new SourceMapToken(0, 10, 0, 1, 4, 0));
        map.Lookup(0, 5000).ShouldBe(new SourceMapToken(0, 10, 0, 1, 4, 0));
        map.Lookup(1, 1).ShouldBeNull("nothing is mapped before column 2 of line 1");
        map.Lookup(1, 2).ShouldBe(new SourceMapToken(1, 2, 1, 5, 0, -1));
        map.Lookup(2, 0).ShouldBeNull();
        map.Lookup(-1, 0).ShouldBeNull();
    }

    [Fact]
    public void Source_root_applies_to_relative_sources_only()
    {
        var map = Parse("""{"version":3,"sourceRoot":"webpack://shop","sources":["src/a.js","/abs/b.js","https://x/c.js",null],"names":[],"mappings":""}""");
        map.Sources.ShouldBe(["webpack://shop/src/a.js", "/abs/b.js", "https://x/c.js", "webpack://shop/"]);
    }

    [Fact]
    public void Index_maps_place_each_section_at_its_offset()
    {
        // Two copies of a one-mapping map; the second starts at line 3, column 7.
        var section = """{"version":3,"sources":["%"],"sourcesContent":["x"],"names":["n"],"mappings":"CAAAA"}""";
        var map = Parse($$"""
            {"version":3,"debugId":"7a9f0b7e-1d3c-4f2b-9b1e-2f7a3c5d6e70","sections":[
              {"offset":{"line":0,"column":0},"map":{{section.Replace("%", "one.js")}}},
              {"offset":{"line":3,"column":7},"map":{{section.Replace("%", "two.js")}}}]}
            """);
        map.Sources.ShouldBe(["one.js", "two.js"]);
        map.Names.ShouldBe(["n", "n"]);
        map.DebugId.ShouldBe("7a9f0b7e-1d3c-4f2b-9b1e-2f7a3c5d6e70");
        map.Lookup(0, 1).ShouldBe(new SourceMapToken(0, 1, 0, 0, 0, 0));
        map.Lookup(3, 8).ShouldBe(new SourceMapToken(3, 8, 1, 0, 0, 1));
        map.Lookup(3, 7).ShouldBeNull("the section's only mapping is at its column 1, which is 8 on line 3");
        map.SourceLine(1, 0).ShouldBe("x");
    }

    [Fact]
    public void Unsorted_segments_are_sorted_before_lookup()
    {
        // Column 10 first, then -6 (column 4): a bundler may emit them out of order.
        var map = Parse("""{"version":3,"sources":["a.js"],"names":[],"mappings":"UAAA,NAAC"}""");
        map.Lookup(0, 5).ShouldBe(new SourceMapToken(0, 4, 0, 0, 1, -1));
        map.Lookup(0, 10).ShouldBe(new SourceMapToken(0, 10, 0, 0, 0, -1));
    }

    [Fact]
    public void Guard_prefix_and_debug_id_spellings_are_read()
    {
        var map = SourceMap.Parse(Encoding.UTF8.GetBytes(")]}'\n{\"version\":3,\"debug_id\":\"abc\",\"sources\":[],\"names\":[],\"mappings\":\"\"}"));
        map.DebugId.ShouldBe("abc");
        map.TokenCount.ShouldBe(0);
    }

    [Theory]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{\"version\":2,\"sources\":[],\"mappings\":\"\"}", "not a version 3 source map")]
    [InlineData("{\"version\":3,\"sources\":[]}", "mappings is missing or not a string")]
    [InlineData("{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AA\"}", "a segment has two fields")]
    [InlineData("{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AAA\"}", "a segment has three fields")]
    [InlineData("{\"version\":3,\"sources\":[\"a\"],\"names\":[\"x\"],\"mappings\":\"AAAAAA\"}", "a segment has more than five fields")]
    [InlineData("{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"ACAA\"}", "a segment names source 1 of 1")]
    [InlineData("{\"version\":3,\"sources\":[\"a\"],\"names\":[],\"mappings\":\"AAAAA\"}", "a segment names name 0 of 0")]
    [InlineData("{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AADA\"}", "an original line or column is negative")]
    [InlineData("{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"D\"}", "a generated column is negative")]
    [InlineData("{\"version\":3,\"sources\":[1],\"mappings\":\"\"}", "sources holds a Number")]
    [InlineData("{\"version\":3,\"sections\":[{\"offset\":{\"line\":0,\"column\":0},\"url\":\"x.map\"}]}", "sections that point to other maps by url are not supported")]
    [InlineData("{\"version\":3,\"sections\":[{\"offset\":{\"line\":-1,\"column\":0},\"map\":{}}]}", "offset line is not a non-negative integer")]
    public void Malformed_maps_are_format_errors(string json, string message) =>
        Should.Throw<SourceMapFormatException>(() => Parse(json)).Message.ShouldBe(message);

    [Fact]
    public void Not_json_is_a_format_error() =>
        Should.Throw<SourceMapFormatException>(() => Parse("{\"version\":3,")).Message.ShouldStartWith("not JSON:");

    [Theory]
    [InlineData("a\nb\r\nc\rd", new[] { "a", "b", "c", "d" })]
    [InlineData("a\n", new[] { "a", "" })]
    [InlineData("", new[] { "" })]
    [InlineData("\r\n\n", new[] { "", "", "" })]
    [InlineData("prix: 12 €\nnaïve 😀 line", new[] { "prix: 12 €", "naïve 😀 line" })]
    public void Embedded_sources_read_back_line_by_line_as_JavaScript_counts_lines(string text, string[] lines)
    {
        var source = new SourceText(text);
        source.LineCount.ShouldBe(lines.Length);
        Enumerable.Range(0, source.LineCount).Select(source.Line).ShouldBe(lines);
    }

    [Fact]
    public void A_map_counts_its_embedded_sources_as_UTF_8_and_its_mappings_by_size()
    {
        var content = string.Concat(Enumerable.Repeat("const a = 1; // padding the embedded source\n", 10_000));
        var json = $$"""{"version":3,"sources":["a.js"],"sourcesContent":[{{System.Text.Json.JsonSerializer.Serialize(content)}}],"names":[],"mappings":"AAAA,CAAC;AACA"}""";
        var map = Parse(json);
        map.SourceLine(0, 9_999).ShouldBe("const a = 1; // padding the embedded source");
        map.RetainedBytes.ShouldBeGreaterThan(content.Length + 3L * 24);
        // Held as UTF-8 with line starts, not as a string of UTF-16 nor split into line strings.
        map.RetainedBytes.ShouldBeLessThan(content.Length * 5L / 4);
    }

    [Fact]
    public void An_artifact_counts_its_minified_file_and_lines_are_slices_of_it()
    {
        var artifact = new SourceArtifact(Parse("""{"version":3,"sources":[],"names":[],"mappings":""}"""), "function n(){}\r\nt.n()");
        artifact.MinifiedLineCount.ShouldBe(2);
        artifact.MinifiedLine(1).ToString().ShouldBe("t.n()");
        artifact.RetainedBytes.ShouldBeGreaterThan(artifact.Map.RetainedBytes + 2L * artifact.MinifiedSource!.Length);
    }
}
