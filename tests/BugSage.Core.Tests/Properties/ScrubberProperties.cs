using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Events;
using BugSage.Core.Processing.Digest;
using BugSage.Core.Scrubbing;
using CsCheck;

namespace BugSage.Core.Tests.Properties;

/// <summary>Whatever shape an event has, the scrubber never throws and nothing under a sensitive key reaches storage.</summary>
public class ScrubberProperties
{
    internal const string Secret = "s3cr3t-VALUE";
    internal const string Card = "4111 1111 1111 1111";

    private static readonly string[] SensitiveKeys =
        ["password", "db_passwd", "client_secret", "access_token", "Authorization", "X-Api-Key", "credentials", "private_key", "custom_field", "Cookie", "bearer"];

    /// <summary>Where SDKs put key/value data: a secret planted in each of the shapes they use.</summary>
    private static readonly Gen<string> PlantedEvent = Gen.Select(
        Gen.OneOf(SensitiveKeys.Select(Gen.Const).ToArray()), Gen.Int[0, 16], JsonText.Event, (key, where, filler) =>
        {
            var kv = $"\"{key}\":\"{Secret}\"";
            var planted = where switch
            {
                0 => $"{{\"extra\":{{{kv}}}}}",
                1 => $"{{\"contexts\":{{\"app\":{{\"deep\":[{{{kv}}}]}}}}}}",
                2 => $"{{\"user\":{{\"id\":\"u\",\"data\":{{{kv}}}}}}}",
                3 => $"{{\"request\":{{\"headers\":{{{kv}}}}}}}",
                4 => $"{{\"request\":{{\"headers\":[[\"{key}\",\"{Secret}\"]]}}}}",
                5 => $"{{\"request\":{{\"headers\":[{{\"key\":\"{key}\",\"value\":\"{Secret}\"}}]}}}}",
                6 => $"{{\"request\":{{\"query_string\":\"a=1&{key}={Secret}\",\"url\":\"https://h/p?{key}={Secret}\"}}}}",
                7 => $"{{\"request\":{{\"data\":\"a=1&{key}={Secret}\",\"env\":{{{kv}}}}}}}",
                8 => $"{{\"tags\":[[\"{key}\",\"{Secret}\"]]}}",
                9 => $"{{\"tags\":[{{\"key\":\"{key}\",\"value\":\"{Secret}\"}}]}}",
                10 => $"{{\"breadcrumbs\":[{{\"message\":\"m\",\"data\":{{{kv}}}}}]}}",
                11 => $"{{\"exception\":{{\"values\":[{{\"type\":\"E\",\"stacktrace\":{{\"frames\":[{{\"function\":\"f\",\"vars\":{{{kv}}}}}]}}}}]}}}}",
                12 => $"{{\"logentry\":{{\"message\":\"%s\",\"params\":{{{kv}}}}}}}",
                // The project drops IP addresses: nothing else in the event may need scrubbing.
                13 => $"{{\"user\":{{\"id\":\"u\",\"ip_address\":\"{Secret}\"}},\"request\":{{\"env\":{{\"REMOTE_ADDR\":\"{Secret}\"}}}}}}",
                // Each of the request's own rules alone: nothing else in it may call for them.
                14 => $"{{\"request\":{{\"url\":\"https://h/p?{key}={Secret}\"}}}}",
                15 => $"{{\"request\":{{\"query_string\":\"a=1&{key}={Secret}\"}}}}",
                _ => $"{{\"request\":{{\"cookies\":\"sid=1; {key}={Secret}\"}},\"extra\":{{\"card\":\"paid with {Card} today\",\"cards\":[\"{Card}\"]}}}}",
            };
            return MergeInto(filler, planted);
        });

    [Fact]
    public void Scrubbed_keys_never_reach_storage_with_their_values() =>
        PlantedEvent.Select(Encoding.UTF8.GetBytes).Sample(NoSecretStored, iter: PropertyRuns.Events, print: PropertyRuns.Base64);

    [Fact]
    public void Scrubber_never_throws_on_any_object() =>
        Gen.Frequency((3, JsonText.AnyEventObject), (1, JsonText.Object(5))).Sample(json =>
        {
            JsonObject obj;
            try
            {
                obj = EventPreparer.ParseObject(Encoding.UTF8.GetBytes(json));
            }
            catch (JsonException)
            {
                return;
            }
            PiiScrubber.Scrub(obj, EventPreparationProperties.Settings.Scrubbing);
            obj.ToJsonString().ShouldNotContain(Card);
            obj.ToJsonString().ShouldNotContain(Card.Replace(" ", "", StringComparison.Ordinal));
        }, iter: PropertyRuns.Events, print: PropertyRuns.Quoted);

    private static readonly ScrubbingRules[] RuleSets =
    [
        ScrubbingRules.Default,
        EventPreparationProperties.Settings.Scrubbing,
        ScrubbingRules.ForProject("value,name,custom_field", "password,Authorization", scrubIpAddresses: true),
    ];

    /// <summary>Keys and texts whose meaning shows only once unescaped: a walk that judged the raw text would miss them.</summary>
    private static readonly Gen<string> Escaped = Gen.OneOf(
        Gen.Const("""{"extra":{"pass\u0077ord":"s","n":{"to\u006Ben":[1,2]}},"tags":[["pass\u0077ord","v"],{"key":"s\u0065cret","value":null}]}"""),
        Gen.Const("""{"extra":{"c":"4111\u00201111 1111 1111","d":"\u0034111111111111111","e":"x\u00e9 4111-1111-1111-1111"}}"""),
        Gen.Const("""{"contexts":{"a":{"key":"api_token","value":{"deep":"4111111111111111"}}},"user":{"ip_address":"1.2.3.4","password":"p"}}"""),
        Gen.Const("""{"request":{"headers":[["Authorization","x"]],"env":{"REMOTE_ADDR":"1.2.3.4"}},"extra":[4111111111111111,41111111111111111111]}"""),
        // The shortest card numbers there are: 13 digits, the least text that can hold one.
        Gen.Const("""{"extra":{"short":"4222222222222","n":4222222222222,"spaced":"4222 2222 22222"}}"""));

    /// <summary>
    /// The digest scrubs over the parsed document and builds nodes only where it replaces something: whatever the
    /// event and the rules, it must leave exactly what the scrub over nodes leaves.
    /// </summary>
    [Fact]
    public void Scrubbing_over_the_document_leaves_exactly_what_scrubbing_over_nodes_leaves() =>
        Gen.Frequency((3, PlantedEvent), (3, JsonText.AnyEventObject), (1, JsonText.Object(5)), (1, Escaped))
            .Sample(json => DocumentScrubAgrees(json, RuleSets), iter: PropertyRuns.Events, print: PropertyRuns.Quoted);

    /// <summary>
    /// The scrub over the document leaves what the scrub over nodes leaves, and says it changed the event whenever the
    /// scrub over nodes did (the digest then reads the scrubbed event, not the payload's document).
    /// </summary>
    internal static void DocumentScrubAgrees(string json, IEnumerable<ScrubbingRules> ruleSets)
    {
        ReadOnlyMemory<byte> bytes;
        try
        {
            // As the digest reads it: lone surrogate escapes replaced and long strings cut before the parse.
            bytes = LongStrings.Cut(LoneSurrogateEscapes.Replace(Encoding.UTF8.GetBytes(json)), EventPreparer.DocumentOptions);
        }
        catch (JsonException)
        {
            return; // malformed: the digest drops it before any scrub
        }
        foreach (var rules in ruleSets)
        {
            JsonObject original, byNodes;
            try
            {
                original = JsonNode.Parse(bytes.Span, EventPreparer.NodeOptions, EventPreparer.DocumentOptions) as JsonObject ?? throw new JsonException();
                byNodes = (JsonObject)original.DeepClone();
            }
            catch (JsonException)
            {
                return;
            }
            PiiScrubber.Scrub(byNodes, rules);
            using var document = JsonDocument.Parse(bytes, EventPreparer.DocumentOptions);
            var lazy = JsonObject.Create(document.RootElement, EventPreparer.NodeOptions)!;
            var changed = PiiScrubber.Scrub(lazy, document.RootElement, rules);
            lazy.ToJsonString().ShouldBe(byNodes.ToJsonString());
            if (!JsonNode.DeepEquals(original, byNodes)) changed.ShouldBeTrue("the scrub over nodes changed the event, the scrub over the document said it did not");
        }
    }

    /// <summary>Counting digits first only spares the search in text that cannot hold a card number: the answer is the search's.</summary>
    [Fact]
    public void A_card_number_is_found_exactly_where_the_full_search_finds_one()
    {
        var searched = new System.Text.RegularExpressions.Regex(@"(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        var noise = Gen.String[Gen.Frequency((8, Gen.Char['0', '9']), (2, Gen.Char['\u0660', '\u0669']), (1, Gen.Const(' ')), (1, Gen.Const('-')), (1, Gen.Char['a', 'c'])), 0, 40];
        // Luhn-valid numbers of every length a card may have, between text that may or may not run into them.
        var gap = Gen.String[Gen.Frequency((1, Gen.Char['0', '9']), (1, Gen.Char['\u0966', '\u096F']), (4, Gen.Char['a', 'c']), (1, Gen.Const(' ')), (1, Gen.Const('-'))), 0, 8];
        var planted = Gen.Select(gap, Gen.String[Gen.Char['0', '9'], 12, 18], gap, (before, digits, after) => before + WithCheckDigit(digits) + after);
        Gen.OneOf(noise, planted).Sample(
            text => CardNumbers.Contains(text).ShouldBe(searched.Matches(text).Any(m => CardNumbers.IsLuhnValid(m.ValueSpan))),
            iter: PropertyRuns.Strings, print: PropertyRuns.Quoted);
    }

    private static string WithCheckDigit(string digits) =>
        Enumerable.Range(0, 10).Select(d => digits + d).First(n => CardNumbers.IsLuhnValid(n));

    internal static void NoSecretStored(byte[] payload)
    {
        var normalized = EventPreparer.Normalize(payload, null, EventPreparationProperties.Received, EventPreparationProperties.Settings).Event;
        var stored = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(normalized, EventJson.Options));
        stored.ShouldNotContain(Secret);
        stored.ShouldNotContain(Card);
        stored.ShouldNotContain(Card.Replace(" ", "", StringComparison.Ordinal));
    }

    /// <summary>The filler event with the planted branch's top-level fields put in place of its own.</summary>
    private static string MergeInto(string filler, string planted)
    {
        var branch = (JsonObject)JsonNode.Parse(planted)!;
        try
        {
            var evt = EventPreparer.ParseObject(Encoding.UTF8.GetBytes(filler));
            foreach (var (name, value) in branch) evt[name] = value!.DeepClone();
            return evt.ToJsonString();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return planted;
        }
    }
}
