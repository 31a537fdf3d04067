using static BugSage.Core.Assistant.Offline.AssistantTools;

namespace BugSage.Core.Assistant.Offline;

/// <summary>What one clause of a question asks for, and about what.</summary>
/// <param name="NamesIssue">The clause names an issue itself (SHOP-7, issue 17).</param>
/// <param name="PointsAtIssue">The clause names one issue, or points back at one ("it", "this", an issue an earlier part named).</param>
/// <param name="AboutIssue">The clause may be about one issue: pointed at, or the one in view when it speaks of no issues in the plural.</param>
internal sealed record ClauseFacts(bool NamesIssue, bool PointsAtIssue, bool AboutIssue);

/// <summary>
/// Maps one clause to the tool that answers it, by ordered rules over its words. The order is the
/// point: the more specific asks (a commit, a fix's status) are tried before the broad ones (an issue
/// search), so "which commit caused X" is not read as "why does X happen".
/// </summary>
internal static class QuestionIntent
{
    /// <summary>What "issues" are called in questions; their presence makes a clause about many issues.</summary>
    public static readonly string[] IssueWords =
    [
        "issue", "issues", "error", "errors", "bug", "bugs", "exception", "exceptions", "crash", "crashes", "crashing",
        "problem", "problems", "failure", "failures", "failing", "broke", "broken", "breaking", "regression", "regressions",
        "regressed", "warning", "warnings", "fatal", "fatals", "blowing up", "exploding", "on fire", "going wrong", "break", "breaks", "fail", "failed", "fails",
    ];

    public static readonly string[] PluralIssueWords =
        ["issues", "errors", "bugs", "exceptions", "crashes", "problems", "failures", "regressions", "warnings"];

    private static readonly string[] DocumentWords =
        ["runbook", "runbooks", "playbook", "playbooks", "docs", "doc", "documentation", "wiki", "handbook", "sop", "knowledge base", "postmortem", "post-mortem"];

    private static readonly string[] FixWords = ["fix", "fixes", "patch", "autofix", "fixing", "hotfix"];
    private static readonly string[] FixStarts = ["start", "generate", "create", "make", "write", "propose", "try", "attempt", "run", "kick", "open", "can you", "please"];
    private static readonly string[] FixStatus =
        ["status", "progress", "going", "did", "work", "worked", "working", "done", "result", "results", "state", "succeed", "succeeded", "pass", "passed", "ready", "happened", "validated", "where"];

    private static readonly string[] AnalysisStarts = ["run", "start", "trigger", "kick", "launch", "perform", "do", "new", "request", "begin", "redo", "rerun", "again", "fresh"];
    private static readonly string[] WhyWords = ["why", "root cause", "cause", "caused", "causing", "causes", "explain", "explanation", "reason", "wrong", "diagnose", "diagnosis", "debug", "investigate"];

    private static readonly string[] ChangeVerbs = ["touched", "changed", "wrote", "broke", "introduced", "modified", "committed", "edited", "authored", "last touched", "did this"];

    private static readonly string[] StatsForIssue =
        ["how often", "how many", "frequency", "frequently", "histogram", "trend", "trends", "trending", "graph", "chart", "over time", "stats", "statistics",
        "count", "counts", "volume", "rate", "worse", "better", "increasing", "decreasing", "growing", "going up", "going down", "spiking"];

    private static readonly string[] StatsForProject =
        ["how are we doing", "how we doing", "how we are doing", "stats", "statistics", "how many", "overview", "summary", "health", "healthy", "error rate",
        "dashboard", "how bad", "numbers", "totals", "overall"];

    private static readonly string[] HowTo = ["how do", "how to", "how can", "how should", "procedure", "instructions", "steps to", "what steps"];

    private static readonly string[] ReleaseWords = ["release", "releases", "deploy", "deploys", "deployed", "deployment", "deployments", "shipped", "ship", "versions", "version"];

    private static readonly string[] IssueDetails = ["details", "detail", "about", "info", "information", "describe", "summary", "summarize", "show", "status", "overview", "tell", "look"];

    private static readonly string[] SearchWords =
    [
        "search", "find", "grep", "assigned", "unassigned", "escalating", "new", "newest", "top", "mine",
        "ignored", "resolved", "unresolved", "production", "prod", "staging", "most", "open", "latest", "recent",
    ];

    private static readonly string[] AffectVerbs =
        ["affected", "affect", "affects", "affecting", "impacted", "hit", "hits", "hitting", "happen", "happens", "happening", "occur", "occurs", "seeing", "showing", "see"];

    private static readonly string[] ProjectWide = ["issues", "errors", "bugs", "project", "overall", "we", "our", "everything", "all"];

    /// <summary>The tool for this clause, or null when none fits.</summary>
    public static string? Classify(QuestionClause c, ClauseFacts facts)
    {
        if (c.HasAny(DocumentWords)) return SearchDocuments;
        foreach (var w in c.Words)
            if (QuestionReferences.EventId(w.Text) is not null) return GetEvent;

        if (c.HasAny("commit", "commits", "blame", "suspect", "suspects", "culprit commit") || (c.Has("who") && c.HasAny(ChangeVerbs)))
            return GetSuspectCommits;
        // "how do I fix it" asks for advice, which the analysis holds; only a request to fix starts a fix session.
        if (c.HasAny(FixWords) && c.HasAny("how do", "how to", "how can", "how would", "how should")) return GetAnalysis;
        // "mark it resolved, we deployed the fix": the request is the marking; the fix is what the person reports.
        if (MarksResolved(c)) return ResolveIssue;
        if (c.HasAny(FixWords))
            return c.HasAny(FixStatus) && !c.HasAny("start", "generate", "create", "write", "propose") ? GetFixSession : StartFixSession;
        if (c.HasPrefix("analy"))
            return c.HasAny("analysis", "analyses") && !c.HasAny(AnalysisStarts) ? GetAnalysis : StartAnalysis;
        if (c.HasAny(WhyWords)) return GetAnalysis;

        if (c.HasAny("assign", "reassign") || (c.Has("take") && c.HasAny("i'll", "i", "me", "let", "i'm")) || (facts.NamesIssue && c.HasAny("give", "hand") && c.Has("to")))
            return AssignIssue;
        if (c.HasAny("resolve", "close")) return ResolveIssue;
        if (c.HasAny("ignore", "mute", "snooze", "silence", "archive") || (c.Has("mark") && c.HasAny("ignored", "noise", "muted")))
            return IgnoreIssue;
        if (c.HasAny("similar", "duplicate", "duplicates", "dupe", "dupes", "dup", "related", "same as", "seen this before", "seen it before", "seen before", "happened before") || LikeAnIssue(c))
            return FindSimilarIssues;
        if (AsksForEvent(c, facts)) return GetLatestEvent;
        // With only an issue in view, "which customers are affected" is about it but "the latest release" is not.
        if ((facts.PointsAtIssue || (facts.AboutIssue && c.HasAny(AffectVerbs)))
            && (TagKeys.Find(c) is not null || c.HasAny("tag", "tags", "breakdown", "distribution")))
            return GetTagDistribution;

        if (c.HasAny(StatsForIssue) && (facts.PointsAtIssue || (facts.AboutIssue && !c.HasAny(ProjectWide)))) return GetIssueStats;
        // "which projects do we have": the projects themselves, not their issues.
        if (c.HasAny("projects") && !c.HasAny(IssueWords)) return ListProjects;
        if (c.HasAny(StatsForProject)) return GetStats;
        if (!facts.NamesIssue && c.HasAny(HowTo)) return SearchDocuments;
        if (!facts.NamesIssue && c.HasAny(ReleaseWords) && !c.HasAny(IssueWords) && !c.HasAny(SearchFilters)) return ListReleases;
        if (facts.NamesIssue || (facts.PointsAtIssue && c.HasAny(IssueDetails))) return GetIssue;
        if (c.HasAny(IssueWords) || c.HasAny(SearchWords) || c.Words.Any(w => IssueSearchText.IsSearchTerm(w.Text))) return SearchIssues;
        return null;
    }

    // Words that make "release" a filter on issues rather than a question about releases.
    private static readonly string[] SearchFilters = ["first seen", "introduced", "came in", "new in", "unresolved", "assigned", "production", "prod", "staging", "environment"];

    // "issues like API-3": "like" right before an issue's name.
    private static bool LikeAnIssue(QuestionClause c)
    {
        for (var i = c.IndexOf("like"); i >= 0 && i + 1 < c.Count; i = c.IndexOf("like", i + 1))
            if (QuestionReferences.ShortId(c.Words[i + 1].Text) is not null || c[i + 1] is "this" or "it" or "that") return true;
        return false;
    }

    private static bool MarksResolved(QuestionClause c) => c.Has("mark") && c.HasAny("resolved", "done", "fixed", "closed");

    private static bool AsksForEvent(QuestionClause c, ClauseFacts facts)
    {
        // "event count", "how many events": a number over time, not one event.
        if (c.HasAny("count", "how many", "number of")) return false;
        // "where does it crash": the place in the code, which the latest event's stack trace shows.
        if (facts.PointsAtIssue && c.Has("where") && c.HasAny("crash", "crashes", "fail", "fails", "break", "breaks", "throw", "throws", "blow up")) return true;
        if (c.HasAny("stack trace", "stacktrace", "stack", "traceback", "backtrace", "trace", "breadcrumbs", "frames", "crash report", "payload",
                "thrown", "throws", "which line", "what line", "line number", "comes from", "come from"))
            return true;
        if (!c.HasAny("event", "events", "occurrence", "occurence", "sample", "example")) return false;
        return facts.AboutIssue || c.HasAny("latest", "last", "recent", "newest", "most recent");
    }

    /// <summary>Questions that are not about the errors at all: a model may chat, the offline assistant does not pretend to.</summary>
    public static bool IsOffTopic(QuestionClause c) =>
        // Deleting has no tool: saying so beats searching for what was to be deleted.
        c.HasAny("delete", "purge", "wipe", "erase") ||
        c.HasAny("poem", "poems", "joke", "jokes", "song", "songs", "story", "haiku", "limerick", "translate", "translation", "refactor",
            "refactoring", "weather", "recipe", "capital of", "meaning of life", "sing")
        || (c.HasAny("write", "implement", "code up") && c.HasAny("function", "code", "class", "method", "script", "program", "test", "tests",
            "regex", "sql", "essay", "email", "letter", "app", "module"));
}
