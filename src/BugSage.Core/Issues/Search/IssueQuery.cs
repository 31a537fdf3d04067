namespace BugSage.Core.Issues.Search;

/// <summary>
/// The parsed issue search language: free text plus <c>is:</c>, <c>level:</c>, <c>release:</c>,
/// <c>environment:</c>, <c>assigned:</c>, <c>has:user</c> and any <c>tag:value</c>.
/// </summary>
public sealed class IssueQuery
{
    public List<string> Text { get; } = [];
    public List<string> Statuses { get; } = [];
    public List<string> Levels { get; } = [];
    public string? Assigned { get; set; }
    public bool HasUser { get; set; }
    public List<(string Key, string Value)> Tags { get; } = [];

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
                i++;
            }
            yield return query[start..i];
        }
    }

    private static string Unquote(string s) => s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? s[1..^1] : s.Trim('"');
}
