namespace BugSage.Core.Issues.Search;

/// <summary>
/// The parsed issue search language: free text plus <c>is:</c> (a status, or the substatus
/// <c>new</c>, <c>ongoing</c>, <c>regressed</c>, <c>escalating</c>), <c>level:</c>, <c>release:</c>,
/// <c>environment:</c>, <c>assigned:</c>, <c>has:user</c>, <c>firstSeen:-24h</c> (or <c>age:</c>),
/// <c>firstSeen:&gt;=2026-11-02T00:00:00Z</c> and <c>firstSeen:&lt;…</c> (a point of the analytics charts drills down
/// to the issues first seen in it), <c>lastSeen:-1h</c>, <c>firstRelease:</c> and any <c>tag:value</c>.
/// </summary>
public sealed class IssueQuery
{
    public List<string> Text { get; } = [];
    public List<string> Statuses { get; } = [];
    public List<string> Levels { get; } = [];
    public string? Assigned { get; set; }
    public bool HasUser { get; set; }
    public List<(string Key, string Value)> Tags { get; } = [];
    public List<string> Substatuses { get; } = [];

    /// <summary>Issues first seen within this long before now (<c>firstSeen:-24h</c>).</summary>
    public TimeSpan? FirstSeenWithin { get; set; }

    /// <summary>Issues first seen at or after this instant (<c>firstSeen:&gt;=…</c>; <c>&gt;</c> starts a microsecond after it).</summary>
    public DateTime? FirstSeenFrom { get; set; }

    /// <summary>Issues first seen before this instant (<c>firstSeen:&lt;…</c>; <c>&lt;=</c> ends a microsecond after it).</summary>
    public DateTime? FirstSeenBefore { get; set; }

    /// <summary>Issues last seen within this long before now (<c>lastSeen:-1h</c>).</summary>
    public TimeSpan? LastSeenWithin { get; set; }

    public string? FirstRelease { get; set; }

    private static readonly string[] SearchableSubstatuses =
        [IssueSubstatus.New, IssueSubstatus.Ongoing, IssueSubstatus.Regressed, IssueSubstatus.Escalating];

    public static IssueQuery Parse(string? query)
    {
        var result = new IssueQuery();
        foreach (var token in Tokenize(query ?? ""))
        {
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == token.Length - 1 || token.StartsWith('"'))
            {
                if (Unquote(token) is { Length: > 0 } text) result.Text.Add(text);
                continue;
            }
            var key = token[..colon].ToLowerInvariant();
            var value = Unquote(token[(colon + 1)..]);
            // A filter with nothing to filter by (level:"") is not a filter; the token is kept as text.
            if (value.Length == 0)
            {
                result.Text.Add(token);
                continue;
            }
            switch (key)
            {
                case "is" when IssueStatus.All.Contains(value.ToLowerInvariant()): result.Statuses.Add(value.ToLowerInvariant()); break;
                case "is" when value.Equals("archived", StringComparison.OrdinalIgnoreCase): result.Statuses.Add(IssueStatus.Ignored); break;
                case "is" when SearchableSubstatuses.Contains(value.ToLowerInvariant()): result.Substatuses.Add(value.ToLowerInvariant()); break;
                case "firstseen" or "age" when RelativeSpan(value) is { } within: result.FirstSeenWithin = within; break;
                case "firstseen" when Bound(value) is ({ } op, { } at):
                    // Timestamps are kept to the microsecond (PostgreSQL's precision), so "after" starts a microsecond later.
                    if (op[0] == '>') result.FirstSeenFrom = op == ">" ? at.AddMicroseconds(1) : at;
                    else result.FirstSeenBefore = op == "<=" ? at.AddMicroseconds(1) : at;
                    break;
                case "lastseen" when RelativeSpan(value) is { } within: result.LastSeenWithin = within; break;
                case "firstrelease": result.FirstRelease = value; break;
                case "level": result.Levels.Add(value.ToLowerInvariant()); break;
                case "assigned": result.Assigned = value; break;
                case "has" when value.Equals("user", StringComparison.OrdinalIgnoreCase): result.HasUser = true; break;
                case "is" or "has": result.Text.Add(token); break;
                default: result.Tags.Add((token[..colon], value)); break;
            }
        }
        return result;
    }

    private static IEnumerable<string> Tokenize(string query)
    {
        var i = 0;
        while (i < query.Length)
        {
            while (i < query.Length && char.IsWhiteSpace(query[i])) i++;
            if (i >= query.Length) yield break;
            var start = i;
            var quoted = false;
            while (i < query.Length && (quoted || !char.IsWhiteSpace(query[i])))
            {
                if (query[i] == '"') quoted = !quoted;
                // Inside quotes, \" and \\ are one escaped character each, so a value can hold a quote.
                else if (quoted && query[i] == '\\' && i + 1 < query.Length && query[i + 1] is '"' or '\\') i++;
                i++;
            }
            yield return query[start..i];
        }
    }

    /// <summary>
    /// A span before now as Sentry writes it: <c>-30m</c>, <c>-24h</c>, <c>-7d</c>, <c>-2w</c> (the sign may be left out);
    /// null for anything else, which then searches as text. Capped at ten years, so no date arithmetic overflows.
    /// </summary>
    public static TimeSpan? RelativeSpan(string value)
    {
        var text = value.StartsWith('-') ? value[1..] : value;
        if (text.Length < 2 || text.Length > 8 || !int.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None, null, out var n) || n == 0)
            return null;
        TimeSpan? span = char.ToLowerInvariant(text[^1]) switch
        {
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            'w' => TimeSpan.FromDays(7.0 * n),
            _ => null,
        };
        return span > TimeSpan.FromDays(3653) ? TimeSpan.FromDays(3653) : span;
    }

    /// <summary>
    /// A comparison with an instant, as Sentry writes it: <c>&gt;=2026-11-02T00:00:00Z</c>, <c>&lt;2026-11-03</c>. A time without
    /// a zone is UTC, as everything BugSage stores; anything else is not a bound and searches as text.
    /// </summary>
    public static (string? Op, DateTime? At) Bound(string value)
    {
        var op = value.StartsWith(">=", StringComparison.Ordinal) || value.StartsWith("<=", StringComparison.Ordinal) ? value[..2]
            : value.StartsWith('>') || value.StartsWith('<') ? value[..1] : null;
        if (op is null || value.Length - op.Length > 40) return (null, null);
        return DateTime.TryParse(value[op.Length..], System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            && at > DateTime.MinValue.AddDays(1) && at < DateTime.MaxValue.AddDays(-1)
            ? (op, DateTime.SpecifyKind(at, DateTimeKind.Utc))
            : (null, null);
    }

    private static string Unquote(string s) =>
        s.Length >= 2 && s[0] == '"' && s[^1] == '"' && !EndsInEscape(s) ? Unescape(s[1..^1]) : s.Trim('"');

    /// <summary>A value as one quoted token that <see cref="Parse"/> reads back unchanged, whatever quotes or spaces it holds.</summary>
    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Unescape(string s)
    {
        if (!s.Contains('\\', StringComparison.Ordinal)) return s;
        var text = new System.Text.StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length && s[i + 1] is '"' or '\\') i++;
            text.Append(s[i]);
        }
        return text.ToString();
    }

    // "abc\" is an unterminated quote whose last quote is escaped, not a quoted value.
    private static bool EndsInEscape(string s)
    {
        var backslashes = 0;
        for (var i = s.Length - 2; i > 0 && s[i] == '\\'; i--) backslashes++;
        return backslashes % 2 == 1;
    }
}
