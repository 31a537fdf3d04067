using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Assistant.Offline;
using BugSage.Core.Issues.Search;

namespace BugSage.Core.Tests.Assistant;

/// <summary>
/// Whether a plan answers a labelled question: the same set of tools, and every labelled argument
/// matching (numbers equal, strings equal ignoring case, a query holding every labelled token).
/// </summary>
public static class PlanScorer
{
    public static bool IsRight(LabelledQuestion labelled, OfflinePlan plan)
    {
        var planned = plan.Calls.Select(c => c.Tool).ToHashSet(StringComparer.Ordinal);
        var expected = labelled.Expected.Select(e => e.Tool).ToHashSet(StringComparer.Ordinal);
        if (!planned.SetEquals(expected) || plan.Calls.Count != planned.Count) return false;
        if (expected.Count == 0) return !string.IsNullOrWhiteSpace(plan.CannotAnswer);
        foreach (var (tool, args) in labelled.Expected)
        {
            var call = plan.Calls.First(c => c.Tool == tool);
            foreach (var (name, value) in args)
                if (!Matches(name, value, call.Arguments[name])) return false;
        }
        return true;
    }

    private static bool Matches(string name, JsonNode? expected, JsonNode? actual)
    {
        if (expected is null) return actual is null;
        if (actual is null) return false;
        if (expected.GetValueKind() == JsonValueKind.Number)
            return actual.GetValueKind() == JsonValueKind.Number && Number(expected) == Number(actual);
        if (actual.GetValueKind() != JsonValueKind.String) return false;
        var want = expected.GetValue<string>();
        var got = actual.GetValue<string>();
        if (name != "query") return string.Equals(want, got, StringComparison.OrdinalIgnoreCase);
        var tokens = Tokens(got).ToList();
        return Tokens(want).All(t => tokens.Contains(t, StringComparer.OrdinalIgnoreCase));
    }

    private static decimal Number(JsonNode node) => decimal.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A query's tokens, quotes dropped, with relative spans written one way (firstSeen:-1d and firstSeen:-24h are one filter).</summary>
    public static IEnumerable<string> Tokens(string query)
    {
        foreach (var raw in query.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var token = raw.Trim('"');
            if (token.Length == 0) continue;
            var colon = token.IndexOf(':');
            if (colon > 0 && token[..colon].ToLowerInvariant() is "firstseen" or "lastseen" or "age" && IssueQuery.RelativeSpan(token[(colon + 1)..]) is { } span)
                yield return token[..colon].ToLowerInvariant() + ":" + span.TotalMinutes;
            else
                yield return token;
        }
    }

    public static string Describe(OfflinePlan plan) =>
        plan.Calls.Count == 0
            ? "(no calls) " + plan.CannotAnswer
            : string.Join(" + ", plan.Calls.Select(c => c.Tool + " " + c.Arguments.ToJsonString()));
}
