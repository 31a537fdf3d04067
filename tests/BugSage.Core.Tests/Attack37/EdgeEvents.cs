using System.Text;
using System.Text.Json;
using BugSage.Core.Events;
using BugSage.Core.Processing.Digest;
using BugSage.Core.Projects;
using BugSage.Core.Tests.Properties;
using CsCheck;

namespace BugSage.Core.Tests.Attack37;

/// <summary>
/// The outside review of the one-parse digest (session 37): events in the shapes that could make the scrub over the
/// document differ from the scrub over nodes, and the rule sets they are tried under.
/// </summary>
internal static class EdgeEvents
{
    internal static readonly DateTime Received = new(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    public static string Stored(NormalizedEvent e) => JsonSerializer.Serialize(e, EventJson.Options);

    internal static readonly ProjectDigestSettings Plain = new(new Project { Id = 1, Slug = "a", Name = "a" });

    internal static readonly ProjectDigestSettings IpScrub = new(new Project
    {
        Id = 2, Slug = "b", Name = "b", SensitiveFields = "custom_field,value,name", SafeFields = "safe_token,Authorization", ScrubIpAddresses = true,
    });

    internal static readonly ProjectDigestSettings[] AllSettings = [Plain, IpScrub, EventPreparationProperties.Settings];

    internal const string Secret = "hunter2SECRET";

    internal static readonly string[] EdgeCases =
    [
        // escaped names and digits
        """{"extra":{"\u0070assword":"hunter2SECRET"}}""",
        """{"extra":{"a":"\u0034\u0031\u0031\u0031111111111111"}}""",
        """{"extra":{"a":"\u00341111111111111111"},"tags":{"t":"4111\u002d1111-1111-1111"}}""",
        """{"extra":{"password":"x","p\u0061ssword":"hunter2SECRET"}}""",
        """{"extra":{"password":null,"b":{"secret":null}}}""",
        // entries and pairs
        """{"tags":[{"key":"password","value":"hunter2SECRET"}]}""",
        """{"tags":[{"key":"password","value":null}]}""",
        """{"tags":[{"k\u0065y":"password","v\u0061lue":"hunter2SECRET"}]}""",
        """{"tags":[{"key":"p\u0061ssword","value":"hunter2SECRET"}]}""",
        """{"tags":[{"key":"password","value":{"x":"hunter2SECRET"}}],"contexts":{"c":{"key":"token","value":[1,"hunter2SECRET"]}}}""",
        """{"tags":[["password","hunter2SECRET"]],"extra":[["pass\u0077ord","hunter2SECRET"]]}""",
        """{"tags":[["password",null]],"extra":{"p":["token"]}}""",
        """{"extra":["password","hunter2SECRET"]}""",
        """{"exception":["password","hunter2SECRET"]}""",
        """{"fingerprint":["secret","hunter2SECRET"]}""",
        """{"breadcrumbs":[["token","hunter2SECRET"]]}""",
        // request and user in other shapes
        """{"request":"http://x/?password=hunter2SECRET"}""",
        """{"request":["password","hunter2SECRET"]}""",
        """{"request":null,"user":null}""",
        """{"request":{},"user":{}}""",
        """{"request":{"url":"http://x/?password=hunter2SECRET&a=1","query_string":"token=hunter2SECRET","data":"password=hunter2SECRET","cookies":"sid=hunter2SECRET"}}""",
        """{"request":{"headers":{"Authorization":"Bearer hunter2SECRET","Cookie":"a=hunter2SECRET","X":"4111111111111111"}}}""",
        """{"request":{"headers":[["Authorization","hunter2SECRET"],{"key":"Cookie","value":"hunter2SECRET"}]}}""",
        """{"request":{"env":{"REMOTE_ADDR":"1.2.3.4","x":"4111111111111111"},"data":{"password":"hunter2SECRET"}}}""",
        """{"request":{"query_string":{"password":"hunter2SECRET","a":"b"},"cookies":{"sid":"hunter2SECRET"}}}""",
        """{"request":{"query_string":[["password","hunter2SECRET"],["a","b"]],"cookies":[["sid","hunter2SECRET"]]}}""",
        """{"\u0072equest":{"url":"http://x/?password=hunter2SECRET","cookies":"sid=hunter2SECRET"}}""",
        """{"\u0075ser":{"ip_address":"1.2.3.4","id":"u"}}""",
        """{"user":{"ip_address":"1.2.3.4","id":"u","data":{"password":"hunter2SECRET"}}}""",
        """{"user":{"ip_address":null,"id":"u"}}""",
        """{"user":"1.2.3.4"}""",
        """{"user":["ip_address","1.2.3.4"]}""",
        // aliases
        """{"sentry.interfaces.Http":{"url":"http://x/?password=hunter2SECRET","headers":{"Authorization":"hunter2SECRET"},"cookies":"sid=hunter2SECRET","env":{"REMOTE_ADDR":"1.2.3.4"}}}""",
        """{"sentry.interfaces.User":{"ip_address":"1.2.3.4","id":"u"}}""",
        """{"request":{"url":"u"},"sentry.interfaces.Http":{"url":"http://x/?password=hunter2SECRET"}}""",
        // duplicates (the fallback path)
        """{"extra":{"password":"a"},"extra":{"card":"4111111111111111","password":"hunter2SECRET"}}""",
        """{"request":{"cookies":"a"},"request":{"cookies":"sid=hunter2SECRET"},"user":{"ip_address":"1.2.3.4"}}""",
        """{"extra":{"a":1,"\u0061":"4111111111111111"}}""",
        // numbers as card numbers
        """{"extra":{"n":4111111111111111,"m":4111111111111111.0,"e":4.111111111111111e15,"neg":-4111111111111111}}""",
        """{"timestamp":4222222222222,"extra":[4111111111111111,1e400,-0,0.1e-400]}""",
        """{"message":4111111111111111,"culprit":"4111 1111 1111 1111","release":4111111111111111}""",
        """{"logentry":{"message":"%s and {0}","params":["4111111111111111",4111111111111111,{"password":"hunter2SECRET"}]}}""",
        """{"logentry":{"message":"%(password)s","params":{"password":"hunter2SECRET"}}}""",
        """{"logentry":{"message":"%(token)s %(a)s","params":{"token":null,"a":4111111111111111}}}""",
        // number text
        """{"timestamp":1.7e9,"extra":{"a":1.0,"b":1E+2,"c":-0.0,"d":123456789012345678901234567890},"tags":{"n":1.50,"e":1e2}}""",
        """{"exception":[{"type":"E","thread_id":1.0,"stacktrace":{"frames":[{"lineno":1e1,"colno":"7","in_app":true,"vars":{"x":1.10}}]}}]}""",
        // frames without objects, limits
        """{"exception":{"values":[{"type":"E","stacktrace":{"frames":[1,"a",null]}}]}}""",
        """{"exception":{"values":[{"type":"E","stacktrace":{"frames":[]}}]},"threads":[{"stacktrace":{"frames":[null]}}]}""",
        """{"exception":{"values":[1,2]},"breadcrumbs":{"values":[1,null,{"message":"m"}]},"threads":{"values":"x"}}""",
        // tags / contexts
        """{"tags":{"browser":"x","":"y"," ":"z","n":null,"o":{"a":1}},"contexts":{"browser":{"name":"B","version":1},"os":{"name":null},"runtime":"r"}}""",
        """{"tags":[{"key":"a","value":null},{"key":1,"value":2},["k",null],[1,2],["", "e"]],"contexts":{"os":{"name":"Linux","version":null}}}""",
        """{"contexts":{"browser":{"name":"B","version":"V","password":"hunter2SECRET"}},"tags":{"browser":"t"}}""",
        // timestamps
        """{"timestamp":"2026-03-04T05:06:00+02:00"}""",
        """{"timestamp":"1700000000.5","breadcrumbs":[{"timestamp":1e400},{"timestamp":"x"},{"timestamp":-1}]}""",
        // headers as odd shapes
        """{"request":{"headers":"Authorization: hunter2SECRET","cookies":42,"query_string":true}}""",
        """{"request":{"headers":[["Authorization"],["a","b","c"],[null,"x"],[1,"one"],{"key":null,"value":"v"}]}}""",
        // request data in shapes
        """{"request":{"data":[1,{"password":"hunter2SECRET"}],"env":"e"}}""",
        """{"request":{"data":"{\"password\":\"hunter2SECRET\"}"}}""",
        """{"request":{"data":"  {password=hunter2SECRET"}}""",
        """{"request":{"data":null,"url":null,"cookies":null}}""",
        // odd documents
        "\uFEFF{}", "[]", "null", "{} ", " {\"a\":1}\n", "{\"a\":1}{}", "{\"a\":1,}", "{\"a\":/*c*/1}", "",
        """{"message":"\ud800","extra":{"\udc00":"\ud83d\ude00 4111111111111111\ud800"}}""",
        """{"extra":{"a":"\u0000password","\u0000password":"hunter2SECRET","pass\u0000word":"x"}}""",
    ];

    public static TheoryData<string> All() => new(EdgeCases);

    /// <summary>The JSON text with some letters and digits inside its strings (names included) written as \u00XX escapes.</summary>
    internal static string EscapeSome(string json, Random random, double share)
    {
        var sb = new StringBuilder(json.Length * 2);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (!inString) { if (c == '"') inString = true; sb.Append(c); continue; }
            if (c == '\\') { sb.Append(c).Append(json[++i]); continue; }
            if (c == '"') { inString = false; sb.Append(c); continue; }
            if (char.IsAsciiLetterOrDigit(c) && random.NextDouble() < share) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    internal static readonly Gen<string> EscapedSome = Gen.Select(
        Gen.Frequency((2, Gen.OneOf(EdgeCases.Select(Gen.Const).ToArray())), (2, JsonText.Event), (1, JsonText.Object(4))), Gen.Int, Gen.Double[0, 1],
        (json, seed, share) => EscapeSome(json, new Random(seed), share));

}
