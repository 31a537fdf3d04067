using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Events;
using BugSage.Core.Grouping;

namespace BugSage.Core.Tests.Grouping;

public class EventFingerprinterTests
{
    private static NormalizedEvent Event(string json) =>
        EventNormalizer.Normalize(JsonDocument.Parse(json).RootElement, "11111111111111111111111111111111", DateTime.UtcNow);

    private static GroupingResult Fingerprint(string json, string? rules = null) =>
        EventFingerprinter.Fingerprint(Event(json), FingerprintRule.ParseAll(rules));

    private static string Stack(string type, string value, int line, string function = "getUser", string file = "/app/src/users.js") => $$$"""
        {"exception":{"values":[{"type":"{{{type}}}","value":"{{{value}}}","stacktrace":{"frames":[
          {"filename":"/app/node_modules/express/lib/router.js","function":"handle","lineno":{{{line + 100}}},"in_app":false},
          {"filename":"{{{file}}}","function":"{{{function}}}","lineno":{{{line}}},"colno":{{{line}}},"in_app":true,"context_line":"  return users[id].name;"}]}}]}}
        """;

    [Fact]
    public void Same_throw_site_groups_together_whatever_the_line_numbers_and_message()
    {
        var a = Fingerprint(Stack("TypeError", "id 17 missing", 42));
        var b = Fingerprint(Stack("TypeError", "id 99 missing", 57));
        a.Variant.ShouldBe("stacktrace");
        b.Hash.ShouldBe(a.Hash);
    }

    [Fact]
    public void Different_functions_or_types_make_different_issues()
    {
        var a = Fingerprint(Stack("TypeError", "x", 42));
        Fingerprint(Stack("TypeError", "x", 42, function: "getOrder")).Hash.ShouldNotBe(a.Hash);
        Fingerprint(Stack("RangeError", "x", 42)).Hash.ShouldNotBe(a.Hash);
    }

    [Fact]
    public void Only_in_app_frames_count_when_there_are_any()
    {
        var a = Fingerprint(Stack("TypeError", "x", 42));
        a.Components.ShouldAllBe(c => !c.Contains("router.js"));
    }

    [Fact]
    public void Bundler_hashes_and_origins_are_ignored_in_filenames()
    {
        var a = Fingerprint(Stack("TypeError", "x", 1, file: "https://cdn.example.com/static/main.3f2a9c1b.js?v=1"));
        var b = Fingerprint(Stack("TypeError", "x", 1, file: "https://other.example.com/static/main.77aa00ff.js"));
        b.Hash.ShouldBe(a.Hash);
    }

    [Fact]
    public void Dotnet_async_state_machines_and_lambdas_are_normalized()
    {
        var a = Fingerprint(Stack("System.NullReferenceException", "x", 1, function: "<LoadAsync>d__12.MoveNext"));
        var b = Fingerprint(Stack("System.NullReferenceException", "x", 1, function: "<LoadAsync>d__7.MoveNext"));
        b.Hash.ShouldBe(a.Hash);
        a.Components.ShouldContain(c => c.Contains("|LoadAsync|"));
        var l1 = Fingerprint(Stack("E", "x", 1, function: "<Main>b__0_0"));
        var l2 = Fingerprint(Stack("E", "x", 1, function: "<Main>b__3_1"));
        l2.Hash.ShouldBe(l1.Hash);
    }

    [Fact]
    public void Without_frames_type_and_normalized_value_decide()
    {
        var a = Fingerprint("{\"exception\":{\"values\":[{\"type\":\"KeyError\",\"value\":\"user 12 at 0xdeadbeef\"}]}}");
        var b = Fingerprint("{\"exception\":{\"values\":[{\"type\":\"KeyError\",\"value\":\"user 13 at 0xfeedface\"}]}}");
        a.Variant.ShouldBe("exception");
        b.Hash.ShouldBe(a.Hash);
    }

    [Fact]
    public void Messages_are_grouped_with_variable_parts_replaced()
    {
        var a = Fingerprint("{\"message\":\"Timeout after 30s for 10.0.0.1 user bob@example.com id 9ec79c33-ec99-42ab-8353-589fcb2e04dc at 2024-01-02T03:04:05Z\"}");
        var b = Fingerprint("{\"message\":\"Timeout after 45s for 10.0.0.7 user amy@example.org id 00000000-ec99-42ab-8353-589fcb2e04dc at 2025-11-12T13:14:15Z\"}");
        a.Variant.ShouldBe("message");
        b.Hash.ShouldBe(a.Hash);
        a.Components[0].ShouldBe("message:Timeout after <int>s for <ip> user <email> id <uuid> at <date>");
    }

    [Fact]
    public void An_sdk_fingerprint_overrides_and_can_extend_the_default()
    {
        var custom = Fingerprint("{\"fingerprint\":[\"payments\",\"declined\"],\"message\":\"a\"}");
        custom.Variant.ShouldBe("custom-fingerprint");
        Fingerprint("{\"fingerprint\":[\"payments\",\"declined\"],\"message\":\"b\"}").Hash.ShouldBe(custom.Hash);

        var extended = Fingerprint("{\"fingerprint\":[\"{{ default }}\",\"eu\"],\"message\":\"a\"}");
        extended.Components.ShouldBe(["message:a", "fp:eu"]);
        Fingerprint("{\"fingerprint\":[\"{{ default }}\"],\"message\":\"a\"}").Variant.ShouldBe("message");
    }

    [Fact]
    public void Project_rules_match_on_type_and_message_globs()
    {
        const string rules = """
            # network trouble
            type:TimeoutError -> timeouts
            message:"*connection reset*" -> net-reset
            """;
        var t1 = Fingerprint(Stack("TimeoutError", "a", 1), rules);
        var t2 = Fingerprint(Stack("TimeoutError", "b", 2, function: "other"), rules);
        t1.Variant.ShouldBe("fingerprint-rule");
        t2.Hash.ShouldBe(t1.Hash);
        var n = Fingerprint("{\"message\":\"read ECONNRESET: Connection reset by peer\"}", rules);
        n.Components.ShouldBe(["fp:net-reset"]);
        Fingerprint("{\"message\":\"unrelated\"}", rules).Variant.ShouldBe("message");
    }

    [Fact]
    public void Malformed_rules_are_reported_not_applied()
    {
        var errors = new List<string>();
        FingerprintRule.ParseAll("type:A -> a\nnonsense\nbogus:x -> y\ntype:B ->", errors).Count.ShouldBe(1);
        errors.Count.ShouldBe(3);
    }
}
