using System.Text.Json.Nodes;

namespace BugSage.Core.Assistant.Offline;

/// <summary>
/// Turns a question about many issues into <c>search_issues</c> arguments: filters in BugSage's search
/// language (status, substatus, level, assignee, release, environment, time), an order and a limit,
/// and whatever is left that names an error (an exception type, quoted text) as free text.
/// </summary>
internal static class IssueSearchRequest
{
    private static readonly Dictionary<string, string> Environments = new()
    {
        ["production"] = "production", ["prod"] = "production", ["staging"] = "staging", ["stage"] = "staging",
        ["development"] = "development", ["qa"] = "qa", ["preprod"] = "preprod", ["uat"] = "uat",
    };

    // Words that say the issues are new, so a time span reads as "first seen within".
    private static readonly string[] Newness =
        ["new", "newest", "broke", "broken", "break", "breaks", "started", "appeared", "introduced", "created", "began", "popped up", "showed up", "since the deploy", "after the deploy",
         "first seen", "first appeared", "first showed up"];

    public static JsonObject Build(QuestionClause c, AssistantContext context)
    {
        var filters = new List<string>();
        var used = new HashSet<int>();
        var isNew = c.HasAny(Newness);

        Statuses(c, filters);
        Levels(c, filters);
        Assignee(c, filters, used);
        Releases(c, filters, used);
        EnvironmentFilter(c, filters, used);
        if (SpokenSpan.Find(c) is { } span) filters.Add((isNew ? "firstSeen:" : "lastSeen:") + SpokenSpan.Format(span));
        filters.AddRange(IssueSearchText.Find(c, used));

        var args = new JsonObject();
        if ((QuestionReferences.ProjectId(c) ?? context.ProjectId) is { } projectId) args["projectId"] = projectId;
        if (filters.Count > 0) args["query"] = string.Join(' ', filters.Distinct(StringComparer.OrdinalIgnoreCase));
        if (Sort(c, isNew) is { } sort) args["sort"] = sort;
        if (Limit(c) is { } limit) args["limit"] = limit;
        return args;
    }

    private static void Statuses(QuestionClause c, List<string> filters)
    {
        if (c.HasAny("unresolved", "open", "outstanding", "active", "not resolved")) filters.Add("is:unresolved");
        else if (c.Has("resolved")) filters.Add("is:resolved");
        if (c.HasAny("ignored", "muted", "archived", "snoozed")) filters.Add("is:ignored");
        if (c.HasAny("regression", "regressions", "regressed", "came back", "reappeared", "reopened")) filters.Add("is:regressed");
        if (c.HasAny("escalating", "spiking", "spike", "spikes")) filters.Add("is:escalating");
        // "new issues" are in their first week (the substatus); "newest" only orders, whatever their age.
        if (c.Has("new") && c.HasAny(QuestionIntent.PluralIssueWords)) filters.Add("is:new");
    }

    private static void Levels(QuestionClause c, List<string> filters)
    {
        // Sentry has no "critical" level; fatal is what SDKs send for it.
        if (c.HasAny("fatal", "fatals", "critical")) filters.Add("level:fatal");
        if (c.HasAny("warning", "warnings")) filters.Add("level:warning");
        if (c.HasAny("info", "informational")) filters.Add("level:info");
    }

    private static void Assignee(QuestionClause c, List<string> filters, HashSet<int> used)
    {
        if (c.HasAny("unassigned", "nobody", "no one", "noone", "unowned", "not assigned", "no assignee", "without an owner", "no owner"))
        {
            filters.Add("assigned:none");
            return;
        }
        var my = c.IndexOf("my");
        if (c.HasAny("mine", "assigned to me", "assigned to myself", "on my plate") || (my >= 0 && (QuestionIntent.IssueWords.Contains(c[my + 1]) || QuestionIntent.IssueWords.Contains(c[my + 2]))))
        {
            filters.Add("assigned:me");
            return;
        }
        var at = c.IndexOf("assigned");
        for (var i = at + 1; at >= 0 && i < c.Count && i <= at + 3; i++)
            if (QuestionReferences.IsEmail(c.Words[i].Text))
            {
                filters.Add("assigned:" + c.Words[i].Text);
                used.Add(i);
                return;
            }
        if (at >= 0 && c[at + 1] == "to" && c[at + 2] == "me") filters.Add("assigned:me");
    }

    private static void Releases(QuestionClause c, List<string> filters, HashSet<int> used)
    {
        var first = c.HasAny("first seen", "introduced", "came in", "came with", "new in", "started in", "first release", "appeared in");
        for (var i = 0; i < c.Count; i++)
        {
            var afterReleaseWord = c[i - 1] is "release" or "version" or "build" or "v";
            if (!QuestionReferences.IsVersion(c.Words[i].Text) && !(afterReleaseWord && c.Words[i].Text.Any(char.IsAsciiDigit))) continue;
            filters.Add((first ? "firstRelease:" : "release:") + c.Words[i].Text);
            used.Add(i);
        }
    }

    private static void EnvironmentFilter(QuestionClause c, List<string> filters, HashSet<int> used)
    {
        for (var i = 0; i < c.Count; i++)
        {
            if (Environments.TryGetValue(c[i], out var known)) filters.Add("environment:" + known);
            // "the canary environment", "env eu-west": a named environment beside the word.
            else if (c[i] is "environment" or "env" && c[i + 1] is { Length: > 1 } next && !Stopwords.Contains(next) && !Environments.ContainsKey(next))
            {
                filters.Add("environment:" + c.Words[i + 1].Text);
                used.Add(i + 1);
            }
        }
    }

    private static string? Sort(QuestionClause c, bool isNew)
    {
        if (c.HasAny("users", "customers", "people") && c.HasAny("most", "affect", "affecting", "affected", "hitting", "impact", "impacting", "many"))
            return "users";
        if (c.HasAny("top", "frequent", "common", "noisiest", "loudest", "biggest", "worst", "most events", "most occurrences", "highest", "most"))
            return "count";
        if (isNew || c.HasAny("recently created", "first seen")) return "firstSeen";
        if (c.HasAny("latest", "recent", "recently", "last seen", "right now", "currently")) return "lastSeen";
        return null;
    }

    private static int? Limit(QuestionClause c)
    {
        for (var i = 0; i < c.Count; i++)
            if (QuestionReferences.Number(c[i]) is { } n and <= 100 && !SpokenSpan.IsUnit(c[i + 1])
                && (c[i - 1] is "top" or "first" or "last" or "latest" || QuestionIntent.PluralIssueWords.Contains(c[i + 1]) || QuestionIntent.PluralIssueWords.Contains(c[i + 2])))
                return (int)n;
        return null;
    }

    internal static readonly HashSet<string> Stopwords =
    [
        "a", "an", "the", "of", "in", "on", "for", "to", "from", "with", "and", "or", "is", "are", "was", "were", "be", "been", "any",
        "some", "all", "me", "my", "we", "our", "us", "i", "you", "your", "it", "this", "that", "these", "those", "what", "which",
        "who", "where", "when", "how", "why", "do", "does", "did", "can", "could", "would", "should", "will", "pls", "plz", "please",
        "there", "here", "about", "by", "at", "as", "since", "after", "before", "show", "list", "give", "get", "tell", "u", "ur",
        "just", "right", "now", "currently", "happening", "have", "has", "had", "got", "thanks", "thx", "hey", "hi", "ok",
    ];
}
