using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Events;
using BugSage.Core.Processing.Digest;
using BugSage.Core.Projects;
using BugSage.Core.Scrubbing;
using BugSage.Core.Tests.Attack37;
using BugSage.Core.Tests.Properties;
using CsCheck;

namespace BugSage.Core.Tests.Attack37b;

/// <summary>Claim 1: the document scrub of requests (RequestRulesApply) against the node scrub.</summary>
public class Attack37bRequestScrubTests
{
    internal static readonly ScrubbingRules[] Rules =
    [
        ScrubbingRules.Default,
        ScrubbingRules.ForProject(null, null, scrubIpAddresses: true),
        ScrubbingRules.ForProject("url,data,env,headers", "cookies,Authorization", scrubIpAddresses: true),
        ScrubbingRules.ForProject("request", "url", scrubIpAddresses: false),
        ScrubbingRules.ForProject("query_string,value,key", "Cookie,token,password", scrubIpAddresses: true),
        ScrubbingRules.ForProject("sid,remote", "authorization,x-sentry-auth", scrubIpAddresses: true),
        ScrubbingRules.ForProject("http", "query_string", scrubIpAddresses: false),
    ];

    /// <summary>The scrub over the document agrees with the scrub over nodes under each of these rule sets.</summary>
    internal static void Agrees(string json) => ScrubberProperties.DocumentScrubAgrees(json, Rules);

    public static TheoryData<string> Requests() => new(
    [
        """{"request":{"\u0063ookies":"sid=hunter2SECRET"}}""",
        """{"request":{"headers":{"AUTHORIZATION":"hunter2SECRET","x-SENTRY-auth":"hunter2SECRET","Proxy-Authorization":"p"}}}""",
        """{"request":{"headers":{"\u0041uthorization":"hunter2SECRET"}}}""",
        """{"request":{"headers":[["Set-Cookie","hunter2SECRET"],[null,"x"],[1,"y"],["Authorization"],["Authorization","a","b"]]}}""",
        """{"request":{"headers":[{"key":"Authorization"},{"key":"Cookie","value":null},{"k\u0065y":"Authorization","v\u0061lue":"hunter2SECRET"}]}}""",
        """{"request":{"headers":[{"key":1,"value":"x"},{"key":null,"value":"y"},{"key":["Authorization"],"value":"z"}]}}""",
        """{"request":{"url":1,"query_string":2,"data":3,"cookies":4,"env":5,"headers":6}}""",
        """{"request":{"url":["http://x/?password=hunter2SECRET"],"query_string":{"token":"hunter2SECRET"},"data":{"password":"hunter2SECRET"}}}""",
        """{"request":{"url":"http://x/?p%61ssword=hunter2SECRET&%74oken=hunter2SECRET","query_string":"&=x&password&=&password=hunter2SECRET&"}}""",
        """{"request":{"\u0075rl":"http://x/?password=hunter2SECRET","\u0071uery_string":"token=hunter2SECRET","\u0064ata":"secret=hunter2SECRET"}}""",
        """{"request":{"env":{"REMOTE_ADDR":"1.2.3.4"}},"sentry.interfaces.Http":{"env":{"\u0052EMOTE_ADDR":"1.2.3.4"}}}""",
        """{"request":{"env":"REMOTE_ADDR=1.2.3.4"},"sentry.interfaces.Http":{"env":[["REMOTE_ADDR","1.2.3.4"]]}}""",
        """{"request":{"url":"a"},"sentry.interfaces.Http":{"headers":{"Cookie":"hunter2SECRET"}}}""",
        """{"sentry.interfaces.Http":{"url":"a"},"request":{"headers":{"Cookie":"hunter2SECRET"}}}""",
        """{"sentry.interfaces.\u0048ttp":{"query_string":"token=hunter2SECRET"}}""",
        """{"request":{"data":"password=hunter2SECRET","url":"x","headers":{"a":"4111111111111111"}},"user":{"ip_address":"1.2.3.4","n":4111111111111111}}""",
        """{"request":{"Cookies":"sid=hunter2SECRET","COOKIES":"x","Headers":{"Authorization":"hunter2SECRET"},"URL":"http://x/?password=hunter2SECRET"}}""",
        """{"Request":{"query_string":"token=hunter2SECRET"},"REQUEST":{"cookies":"a"}}""",
        """{"request":{"cookies":null,"headers":null,"env":null,"url":null,"query_string":null,"data":null}}""",
        """{"request":{"key":"password","value":"hunter2SECRET"}}""",
        """{"request":["Authorization","hunter2SECRET"]}""",
        """{"request":{"headers":{"Authorization":null,"Cookie":4111111111111111}}}""",
        """{"request":{"headers":[["authorization",null],["cookie",4111111111111111]]}}""",
        """{"request":{"data":"{password=hunter2SECRET","query_string":""}}""",
        """{"request":{"url":"http://x/?","query_string":"=hunter2SECRET"}}""",
        """{"request":{"env":{"REMOTE_ADDR":null,"remote_addr":"1.2.3.4"}}}""",
        """{"request":{"headers":{"x-sentry-auth":"Sentry sentry_key=hunter2SECRET"},"url":"http://x/?a=1"}}""",
        """{"request":{"query_string":"token=hunter2SECRET"},"user":{"ip_address":"1.2.3.4"},"sentry.interfaces.User":{"ip_address":"1.2.3.4"}}""",
    ]);

    [Theory]
    [MemberData(nameof(Requests))]
    public void Attack37b_request_shapes_scrub_as_on_nodes(string json)
    {
        Agrees(json);
        foreach (var settings in Attack37bSettings.All) Attack37bPrepareTests.NothingScrubbedIsStored(json, settings);
    }

    private static readonly string[] MemberNames =
        ["cookies", "\\u0063ookies", "Cookies", "url", "\\u0075rl", "query_string", "data", "env", "headers", "\\u0068eaders", "key", "value", "method", "x"];

    private static readonly string[] HeaderNames =
        ["Authorization", "authorization", "AUTHORIZATION", "\\u0041uthorization", "Cookie", "Set-Cookie", "Proxy-Authorization", "X-Sentry-Auth", "X-Api-Key", "Accept", "password", ""];

    private static Gen<string> Value(int depth)
    {
        var scalars = Gen.OneOf(
            Gen.Const("null"), Gen.Const("1"), Gen.Const("4111111111111111"), Gen.Const("4.111111111111111e15"), Gen.Const("true"),
            Gen.Const("\"hunter2SECRET\""), Gen.Const("\"password=hunter2SECRET&a=1\""), Gen.Const("\"http://x/?token=hunter2SECRET\""),
            Gen.Const("\"4111 1111 1111 1111\""), Gen.Const("\"1.2.3.4\""), Gen.Const("\"{a=b\""), Gen.Const("\"\""));
        if (depth <= 0) return scalars;
        var header = Gen.OneOf(HeaderNames.Select(Gen.Const).ToArray());
        var inner = Value(depth - 1);
        var pair = Gen.Select(header, inner, (h, v) => $"[\"{h}\",{v}]");
        var odd = Gen.Select(header, (h) => $"[\"{h}\"]");
        var entry = Gen.Select(header, inner, Gen.Bool, (h, v, hasValue) => hasValue ? $"{{\"key\":\"{h}\",\"value\":{v}}}" : $"{{\"key\":\"{h}\"}}");
        var headerObj = Gen.Select(header, inner, header, inner, (a, x, b, y) => a == b ? $"{{\"{a}\":{x}}}" : $"{{\"{a}\":{x},\"{b}\":{y}}}");
        var array = Gen.OneOf(pair, odd, entry, inner).Array[0, 3].Select(items => "[" + string.Join(',', items) + "]");
        var env = Gen.Select(inner, v => $"{{\"REMOTE_ADDR\":{v}}}");
        return Gen.Frequency((4, scalars), (2, headerObj), (2, array), (1, env));
    }

    internal static readonly Gen<string> RequestEvent = Gen.Select(
        Gen.Select(Gen.OneOf(MemberNames.Select(Gen.Const).ToArray()), Value(2)).Array[0, 6]
            .Select(members => "{" + string.Join(',', members.DistinctBy(m => m.Item1.Replace("\\u0063", "c").Replace("\\u0075", "u").Replace("\\u0068", "h"))
                .Select(m => $"\"{m.Item1}\":{m.Item2}")) + "}"),
        Gen.OneOf(Gen.Const("request"), Gen.Const("sentry.interfaces.Http"), Gen.Const("\\u0072equest")), Gen.Bool,
        (request, name, user) => "{\"" + name + "\":" + request + (user ? ",\"user\":{\"ip_address\":\"1.2.3.4\"}" : "") + "}");

    [Fact]
    public void Attack37b_generated_requests_scrub_as_on_nodes() =>
        RequestEvent.Sample(Agrees, iter: 2000, print: PropertyRuns.Quoted);
}

internal static class Attack37bSettings
{
    internal static readonly ProjectDigestSettings[] All =
    [
        EdgeEvents.Plain, EdgeEvents.IpScrub,
        new(new Project { Id = 3, Slug = "c", Name = "c", SensitiveFields = "url,data,env,headers", SafeFields = "cookies,Authorization", ScrubIpAddresses = true }),
        new(new Project { Id = 4, Slug = "d", Name = "d", SensitiveFields = "request", SafeFields = "url", ScrubIpAddresses = false }),
    ];
}

/// <summary>Claim 3: Prepare stores nothing the node scrub removes.</summary>
public class Attack37bPrepareTests
{
    private static readonly string[] Needles = [EdgeEvents.Secret, "4111111111111111", "1.2.3.4"];

    internal static void NothingScrubbedIsStored(string json, ProjectDigestSettings settings)
    {
        JsonObject byNodes;
        string stored;
        try
        {
            byNodes = EventPreparer.ParseObject(Encoding.UTF8.GetBytes(json));
            stored = EdgeEvents.Stored(EventPreparer.Normalize(Encoding.UTF8.GetBytes(json), null, EdgeEvents.Received, settings).Event);
        }
        catch (JsonException) { return; }
        PiiScrubber.Scrub(byNodes, settings.Scrubbing);
        var scrubbed = byNodes.ToJsonString();
        foreach (var needle in Needles)
            if (!scrubbed.Contains(needle, StringComparison.Ordinal))
                stored.ShouldNotContain(needle, Case.Sensitive, $"project {settings.Project.Id}: {json}");
    }

    [Fact]
    public void Attack37b_generated_requests_store_nothing_scrubbed() =>
        Attack37bRequestScrubTests.RequestEvent.Sample(json =>
        {
            foreach (var s in Attack37bSettings.All) NothingScrubbedIsStored(json, s);
        }, iter: 500, print: PropertyRuns.Quoted);

    public static TheoryData<string> HugeNumberCards() => new(
    [
        // exactly 4111111111111111, with more than 1000 exponent digits' worth of zeros
        "{\"extra\":{\"n\":4111111111111111" + new string('0', 1001) + "e-1001}}",
        "{\"extra\":{\"n\":0." + new string('0', 1001) + "4111111111111111e1017}}",
    ]);

    /// <summary>Card digits with a long fraction are stored with their digits (finding; a short fraction is filtered).</summary>
    [Fact]
    public void Attack37b_card_digits_with_long_fraction_are_not_stored()
    {
        var json = """{"extra":{"n":4111111111111111.55555}}""";
        var normalized = EventPreparer.Normalize(Encoding.UTF8.GetBytes(json), null, EdgeEvents.Received, EdgeEvents.Plain).Event;
        EdgeEvents.Stored(normalized).ShouldNotContain("4111111111111111");
    }

    /// <summary>Claim 2 end to end: a card number written with a long mantissa is stored with its digits.</summary>
    [Theory]
    [MemberData(nameof(HugeNumberCards))]
    public void Attack37b_card_number_with_long_mantissa_is_not_stored(string json)
    {
        var normalized = EventPreparer.Normalize(Encoding.UTF8.GetBytes(json), null, EdgeEvents.Received, EdgeEvents.Plain).Event;
        EdgeEvents.Stored(normalized).ShouldNotContain("4111111111111111");
    }
}

/// <summary>Claim 2: CardNumbers.InNumber.</summary>
public class Attack37bCardNumberTests
{
    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("-4111111111111111")]
    [InlineData("4111111111111111e0")]
    [InlineData("4111111111111111E+0")]
    [InlineData("0.4111111111111111e16")]
    [InlineData("-0.4111111111111111E16")]
    [InlineData("4.111111111111111e15")]
    [InlineData("4111111111111111.000")]
    [InlineData("4111111111111111.0000000000000000000000000000000000")]
    [InlineData("41111111111111110e-1")]
    [InlineData("411111111111111100000000000000000000000000e-26")]
    [InlineData("0.000000000000000000000000000000000000004111111111111111e54")]
    [InlineData("4111111111111111e00000000000000000000000000000000000000")]
    [InlineData("4222222222222")]
    [InlineData("4.222222222222e12")]
    public void Attack37b_card_number_spellings_are_cards(string number) =>
        CardNumbers.InNumber(number).ShouldBeTrue();

    /// <summary>More than 1000 digits of mantissa scale: the decimal parse saturates the exponent and reads 0 (finding).</summary>
    [Fact]
    public void Attack37b_card_number_with_1001_trailing_zeros_and_matching_exponent_is_a_card() =>
        CardNumbers.InNumber("4111111111111111" + new string('0', 1001) + "e-1001").ShouldBeTrue();

    [Theory]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void Attack37b_card_number_with_huge_trailing_zeros_and_matching_exponent_is_a_card(int zeros) =>
        CardNumbers.InNumber("4111111111111111" + new string('0', zeros) + "e-" + zeros).ShouldBeTrue();

    /// <summary>The card's digits as written, with a fraction: short spellings are caught by their text, longer ones are not.</summary>
    [Theory]
    [InlineData("4111111111111111.5")]
    [InlineData("4111111111111111.55555")]
    [InlineData("-4111111111111111.25e0")]
    public void Attack37b_card_digits_with_a_fraction_are_judged_alike(string number) =>
        CardNumbers.InNumber(number).ShouldBeTrue();

    [Fact]
    public void Attack37b_card_number_after_1001_leading_fraction_zeros_is_a_card() =>
        CardNumbers.InNumber("0." + new string('0', 1001) + "4111111111111111e1017").ShouldBeTrue();

    [Theory]
    [InlineData("1795315548.123")]
    [InlineData("1795315548.1234567")]
    [InlineData("1.795315548123e9")]
    [InlineData("25276510208")]
    [InlineData("42")]
    [InlineData("1099511627776")]
    [InlineData("18446744073709551615")]
    [InlineData("1e999999999")]
    [InlineData("-1e-999999999")]
    public void Attack37b_common_sdk_numbers_are_not_cards(string number) =>
        CardNumbers.InNumber(number).ShouldBeFalse();

    public static TheoryData<string> Costly() => new(
    [
        "1e999999999",
        new string('9', 100_000),
        "4" + new string('1', 99_999),
        "0." + new string('0', 100_000) + "1e100000",
        "1" + new string('0', 100_000) + "e-100000",
        "-" + new string('7', 50_000) + "." + new string('3', 50_000) + "E-999999999",
        string.Concat(Enumerable.Repeat("4111111111111111", 6000)),
    ]);

    [Theory]
    [MemberData(nameof(Costly))]
    public void Attack37b_no_number_throws(string number) =>
        Should.NotThrow(() => CardNumbers.InNumber(number));
}
