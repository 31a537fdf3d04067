using System.Text;
using CsCheck;

namespace BugSage.Core.Tests.Properties;

/// <summary>
/// Generators of JSON text as a hostile SDK would write it: every field any type, numbers past
/// every range, NUL and lone-surrogate escapes, huge strings, deep nesting.
/// </summary>
internal static class JsonText
{
    /// <summary>Field names the event reader, the scrubber and the grouping look at, so values land where they matter.</summary>
    public static readonly string[] KnownKeys =
    [
        "event_id", "timestamp", "level", "platform", "logger", "logentry", "message", "sentry.interfaces.Message", "release",
        "dist", "environment", "server_name", "transaction", "user", "request", "contexts", "breadcrumbs", "sdk", "extra",
        "fingerprint", "threads", "exception", "tags", "culprit", "values", "type", "value", "module", "thread_id", "mechanism",
        "stacktrace", "raw_stacktrace", "frames", "filename", "abs_path", "function", "package", "lineno", "colno", "context_line",
        "pre_context", "post_context", "vars", "in_app", "id", "name", "crashed", "current", "email", "username", "ip_address",
        "data", "url", "method", "query_string", "headers", "cookies", "env", "category", "formatted", "params", "key", "version",
        "password", "secret", "api_token", "Authorization", "cookie", "browser", "os", "runtime", "REMOTE_ADDR", "feedback",
        "associated_event_id", "contact_email", "comments", "discarded_events", "quantity", "reason",
    ];

    private static readonly string[] SpecialStrings =
    [
        "", "\\u0000", "a\\u0000b", "\\ud800", "x\\udc00y", "\\ud83d\\ude00", "\\ud83d", "\\u00e9t\\u00e9", "1e400", "-1",
        "2024-01-01T00:00:00Z", "0001-01-01", "9999-12-31T23:59:59Z", "-9999-01-01", "1700000000.5", "NaN", "Infinity",
        "warn", "CRITICAL", "fatal", "Log", "%s %d %(name)s {0} {} %% {", "4111 1111 1111 1111", "4111-1111-1111-1111",
        "password=hunter2&x=1&token=abc", "?a=1&secret=s", "{{ default }}", "{{ type }}", "node:internal", "System.Linq",
        "11111111-2222-3333-4444-555555555555", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "\\n\\r\\t", "Cannot read properties of undefined (reading 'x')",
        "a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a is not a function!",
    ];

    private static readonly string[] SpecialNumbers =
    [
        "0", "-0", "1", "-1", "1.5", "1e400", "-1e400", "1e-400", "18446744073709551616", "9223372036854775807",
        "-9223372036854775808", "9223372036854775808", "253402300799", "253402300800", "1700000000.25", "-1700000000",
        "123456789012345678901234567890", "0.0000000000000000000000001", "4111111111111111",
    ];

    public static readonly Gen<string> Key = Gen.Frequency(
        (8, Gen.OneOf(KnownKeys.Select(Gen.Const).ToArray())),
        (2, Gen.OneOf(SpecialStrings.Where(s => !s.Contains("4111", StringComparison.Ordinal)).Select(Gen.Const).ToArray())),
        (1, Gen.String[0, 12].Select(Escape)));

    public static readonly Gen<string> Str = Gen.Frequency(
        (18, Gen.OneOf(SpecialStrings.Select(Gen.Const).ToArray())),
        (12, Gen.String[0, 40].Select(Escape)),
        (1, Gen.Select(Gen.OneOf(Gen.Const("a"), Gen.Const("a."), Gen.Const("\\u0000"), Gen.Const("\\ud83d\\ude00"), Gen.Const("(a"), Gen.Const(" "), Gen.Const("é")), Gen.Int[500, 6_000],
            (unit, times) => new StringBuilder(unit.Length * times).Insert(0, unit, times).ToString())));

    public static readonly Gen<string> Scalar = Gen.Frequency(
        (5, Str.Select(s => "\"" + s + "\"")),
        (3, Gen.OneOf(SpecialNumbers.Select(Gen.Const).ToArray())),
        (1, Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "0")),
        (2, Gen.OneOf(Gen.Const("true"), Gen.Const("false"), Gen.Const("null"))));

    /// <summary>Any JSON value, nested at most <paramref name="depth"/> levels.</summary>
    public static Gen<string> Value(int depth) => depth <= 0
        ? Scalar
        : Gen.Frequency((5, Scalar), (2, Array(depth - 1)), (2, Object(depth - 1)));

    public static Gen<string> Array(int depth) => Value(depth).Array[0, 5].Select(items => "[" + string.Join(",", items) + "]");

    public static Gen<string> Object(int depth) =>
        Gen.Select(Key, Value(depth)).Array[0, 6].Select(members =>
            "{" + string.Join(",", members.DistinctBy(m => m.Item1).Select(m => "\"" + m.Item1 + "\":" + m.Item2)) + "}");

    /// <summary>
    /// An event shaped as an SDK would send it, with every leaf (and some whole branches) any type,
    /// so the type confusion reaches the deepest fields the normalizer reads.
    /// </summary>
    public static readonly Gen<string> Event = Value(1).Array[EventTemplate.Count(c => c == '§')].Select(values =>
    {
        var sb = new StringBuilder(EventTemplate.Length + values.Sum(v => v.Length));
        var next = 0;
        foreach (var c in EventTemplate)
        {
            if (c == '§') sb.Append(values[next++]);
            else sb.Append(c);
        }
        return sb.ToString();
    });

    /// <summary>Either a shaped event or a free-form object of known and odd keys.</summary>
    public static readonly Gen<string> AnyEventObject = Gen.Frequency((3, Event), (1, Object(3)));

    /// <summary>Nesting deeper than any limit.</summary>
    public static readonly Gen<string> DeepNesting = Gen.Int[30, 300].Select(depth =>
        "{\"extra\":" + new StringBuilder().Insert(0, "{\"a\":[", depth) + "1" + new StringBuilder().Insert(0, "]}", depth) + "}");

    private const string EventTemplate = """
        {"event_id":§,"timestamp":§,"level":§,"platform":§,"logger":§,"message":§,"logentry":{"message":§,"params":§,"formatted":§},
         "release":§,"dist":§,"environment":§,"server_name":§,"transaction":§,"culprit":§,"fingerprint":[§,§],
         "exception":{"values":[{"type":§,"value":§,"module":§,"thread_id":§,"mechanism":§,
           "stacktrace":{"frames":[{"filename":§,"abs_path":§,"function":§,"module":§,"package":§,"lineno":§,"colno":§,"in_app":§,
             "context_line":§,"pre_context":§,"post_context":§,"vars":§},§]}},§]},
         "threads":{"values":[{"id":§,"name":§,"crashed":§,"current":§,"stacktrace":{"frames":[{"function":§,"filename":§}]}}]},
         "user":{"id":§,"email":§,"username":§,"ip_address":§,"data":§},
         "request":{"url":§,"method":§,"query_string":§,"headers":§,"cookies":§,"data":§,"env":§},
         "tags":§,"contexts":{"browser":{"name":§,"version":§},"os":§,"runtime":§},
         "breadcrumbs":{"values":[{"timestamp":§,"type":§,"category":§,"message":§,"level":§,"data":§}]},
         "sdk":{"name":§,"version":§},"extra":§}
        """;

    /// <summary>A string as JSON string content; lone surrogates come out as <c>\udXXX</c> escapes.</summary>
    public static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        foreach (var c in s)
        {
            if (c is < ' ' or '"' or '\\' or > '~') sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
