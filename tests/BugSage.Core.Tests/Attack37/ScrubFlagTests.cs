using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Events;
using BugSage.Core.Processing.Digest;
using BugSage.Core.Scrubbing;
using BugSage.Core.Tests.Properties;
using CsCheck;

namespace BugSage.Core.Tests.Attack37;

/// <summary>Claim 1: the "changed" answer of the document scrub, at depth limits, long names and odd shapes.</summary>
public class ScrubFlagTests
{
    private static readonly ScrubbingRules[] Rules =
    [
        ScrubbingRules.Default,
        ScrubbingRules.ForProject("custom_field,value,name", "safe_token,Authorization", scrubIpAddresses: true),
        ScrubbingRules.ForProject(null, null, scrubIpAddresses: true),
    ];

    /// <summary>Whenever the node scrub leaves something other than the payload, the document scrub must say it changed.</summary>
    private static void FlagAgrees(string json) => ScrubberProperties.DocumentScrubAgrees(json, Rules);

    [Fact]
    public void Changed_is_true_whenever_the_node_scrub_changes_anything() =>
        Gen.Frequency((4, JsonText.AnyEventObject), (2, JsonText.Object(5)), (1, Gen.OneOf(EdgeEvents.EdgeCases.Select(Gen.Const).ToArray())))
            .Sample(FlagAgrees, iter: PropertyRuns.Events, print: PropertyRuns.Quoted);

    private static readonly string[] Needles = [EdgeEvents.Secret, "4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "4222222222222", "1.2.3.4"];

    /// <summary>
    /// What the scrub over nodes (the reference, and the path of payloads that repeat a key) removes is not in the stored
    /// event, under each project's rules; a payload the parse refuses stores nothing.
    /// </summary>
    internal static void NothingScrubbedIsStored(string json)
    {
        foreach (var settings in EdgeEvents.AllSettings)
        {
            JsonObject byNodes;
            string stored;
            try
            {
                byNodes = EventPreparer.ParseObject(Encoding.UTF8.GetBytes(json));
                stored = EdgeEvents.Stored(EventPreparer.Normalize(Encoding.UTF8.GetBytes(json), null, EdgeEvents.Received, settings).Event);
            }
            catch (JsonException)
            {
                continue;
            }
            PiiScrubber.Scrub(byNodes, settings.Scrubbing);
            var scrubbed = byNodes.ToJsonString();
            foreach (var needle in Needles)
                if (!scrubbed.Contains(needle, StringComparison.Ordinal))
                    stored.ShouldNotContain(needle, Case.Sensitive, $"project {settings.Project.Id}");
        }
    }

    [Theory]
    [MemberData(nameof(EdgeEvents.All), MemberType = typeof(EdgeEvents))]
    public void An_edge_event_stores_nothing_the_scrub_removes(string json)
    {
        FlagAgrees(json);
        NothingScrubbedIsStored(json);
    }

    /// <summary>Events with escapes sprinkled through their names and values.</summary>
    [Fact]
    public void Escaped_events_store_nothing_the_scrub_removes() =>
        EdgeEvents.EscapedSome.Sample(json =>
        {
            FlagAgrees(json);
            NothingScrubbedIsStored(json);
        }, iter: PropertyRuns.Events, print: PropertyRuns.Quoted);

    public static TheoryData<int> Depths() => new(Enumerable.Range(55, 12));

    private static string Nest(string open, string close, int depth, string inner) =>
        new StringBuilder().Insert(0, open, depth) + inner + new StringBuilder().Insert(0, close, depth);

    /// <summary>Secrets and cards at every depth up to and past the limit, in objects, arrays, pairs and entries.</summary>
    [Theory]
    [MemberData(nameof(Depths))]
    public void Deep_secrets_are_handled_are_scrubbed_as_on_nodes(int depth)
    {
        const string leaf = """{"password":"hunter2SECRET","c":"4111111111111111","n":4111111111111111,"e":{"key":"token","value":"hunter2SECRET"},"p":["secret","hunter2SECRET"]}""";
        string[] payloads =
        [
            "{\"extra\":" + Nest("{\"a\":", "}", depth, leaf) + "}",
            "{\"extra\":" + Nest("[", "]", depth, leaf) + "}",
            "{\"contexts\":" + Nest("{\"a\":[", "]}", depth / 2, leaf) + "}",
            "{\"request\":{\"data\":" + Nest("{\"a\":", "}", depth, leaf) + "}}",
            "{\"user\":{\"ip_address\":\"1.2.3.4\",\"data\":" + Nest("{\"a\":", "}", depth, leaf) + "}}",
            "{\"exception\":[{\"type\":\"E\",\"stacktrace\":{\"frames\":[{\"function\":\"f\",\"vars\":" + Nest("{\"a\":", "}", depth, leaf) + "}]}}]}",
            "{\"tags\":" + Nest("[", "]", depth, "[\"password\",\"hunter2SECRET\"]") + "}",
        ];
        foreach (var json in payloads)
        {
            FlagAgrees(json);
            NothingScrubbedIsStored(json);
        }
    }

    /// <summary>Names past the 256-byte fast path, multi-byte names at its edge, escaped long names.</summary>
    [Theory]
    [InlineData(248, "password", "")]
    [InlineData(300, "password", "")]
    [InlineData(256 - 8, "", "password")]
    [InlineData(120, "pass\\u0077ord", "")]
    [InlineData(2000, "token", "")]
    public void Long_names_are_judged_are_judged_as_on_nodes(int pad, string before, string after)
    {
        foreach (var filler in new[] { "a", "\u00e9", "\u4e2d", "\ud83d\ude00" })
        {
            var name = before + string.Concat(Enumerable.Repeat(filler, pad / Encoding.UTF8.GetByteCount(filler))) + after;
            var json = "{\"extra\":{\"" + name + "\":\"hunter2SECRET\"},\"tags\":[{\"key\":\"" + name + "\",\"value\":\"hunter2SECRET\"},[\"" + name + "\",\"hunter2SECRET\"]]}";
            FlagAgrees(json);
            NothingScrubbedIsStored(json);
        }
    }

    /// <summary>Long strings (cut before the parse) with cards before, at and past the cut.</summary>
    [Theory]
    [InlineData(100)]
    [InlineData(40 * 1024 - 20)]
    [InlineData(128 * 1024 - 20)]
    [InlineData(300 * 1024)]
    public void Huge_strings_with_cards_are_scrubbed_as_on_nodes(int pad)
    {
        var big = new string('x', pad);
        var json = "{\"message\":\"" + big + " 4111 1111 1111 1111\",\"extra\":{\"s\":\"" + big + "4111111111111111\",\"t\":\"4111111111111111" + big + "\"},"
            + "\"tags\":{\"k\":\"" + big + " 4111-1111-1111-1111\"},\"request\":{\"url\":\"http://x/?" + big + "&password=hunter2SECRET\"}}";
        FlagAgrees(json);
        NothingScrubbedIsStored(json);
    }

    /// <summary>
    /// The legacy interface names the normalizer reads are scrubbed as "request" and "user" are (before session 37 their
    /// IP and query-string secrets were stored).
    /// </summary>
    [Theory]
    [InlineData("""{"sentry.interfaces.User":{"id":"u","ip_address":"203.0.113.9"}}""", "203.0.113.9")]
    [InlineData("""{"sentry.interfaces.Http":{"url":"http://x/?password=hunter2SECRET"}}""", "hunter2SECRET")]
    [InlineData("""{"sentry.interfaces.Http":{"query_string":"token=hunter2SECRET"}}""", "hunter2SECRET")]
    [InlineData("""{"sentry.interfaces.Http":{"data":"password=hunter2SECRET"}}""", "hunter2SECRET")]
    [InlineData("""{"sentry.interfaces.Http":{"env":{"REMOTE_ADDR":"203.0.113.9"}}}""", "203.0.113.9")]
    public void Aliased_user_and_request_are_scrubbed_like_the_canonical_ones(string json, string leaked)
    {
        var normalized = EventPreparer.Normalize(Encoding.UTF8.GetBytes(json), null, EdgeEvents.Received, EdgeEvents.IpScrub).Event;
        EdgeEvents.Stored(normalized).ShouldNotContain(leaked);
    }

    /// <summary>
    /// A card number sent as a JSON number is judged by its value, however written (before session 37 only by its text,
    /// so a spelling past 19 characters or with an exponent was stored with its digits).
    /// </summary>
    [Theory]
    [InlineData("""{"extra":{"n":4111111111111111.000}}""")]
    [InlineData("""{"extra":{"n":4.111111111111111e15}}""")]
    [InlineData("""{"extra":{"n":41111111111111110e-1}}""")]
    public void A_card_number_written_as_any_json_number_is_filtered(string json)
    {
        var normalized = EventPreparer.Normalize(Encoding.UTF8.GetBytes(json), null, EdgeEvents.Received, EdgeEvents.Plain).Event;
        EdgeEvents.Stored(normalized).ShouldNotContain("4111111111111111");
        EdgeEvents.Stored(normalized).ShouldNotContain("4.111111111111111");
    }
}
