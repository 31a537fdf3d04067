namespace BugSage.Server.Analytics;

/// <summary>What a project or an organization looked like over a range: the answer of <c>GET …/analytics</c>.</summary>
/// <param name="TopRecurringExact">
/// Whether <paramref name="TopRecurring"/> is proven the range's busiest: false when an issue below every list's 25 busiest of
/// its project (or organization), a list per whole week and per day outside whole weeks, could still outrank the tenth
/// (docs/analytics.md).
/// </param>
public sealed record AnalyticsDto(
    DateTime From, DateTime To, string Interval, string? Environment, string? Release, IReadOnlyList<long> ProjectIds,
    AnalyticsTotals Totals, IReadOnlyList<AnalyticsPoint> Series, ResolutionTimes Resolution, IReadOnlyList<AgeBucket> IssuesByAge,
    IReadOnlyList<RecurringIssue> TopRecurring, bool TopRecurringExact, IReadOnlyList<NewIssue> TopNew, IReadOnlyList<ReleaseHealth> Releases,
    AutofixOutcomes Autofix, AiUsage Ai);

/// <param name="Users">Distinct users over the whole range (not the sum of the points): an estimate within ±4.9% (3σ) of the exact count.</param>
public sealed record AnalyticsTotals(long Events, long Errors, long NewIssues, long Regressions, long Resolved, long Users);

/// <summary>One interval of the series, starting at <paramref name="Start"/> (UTC; weeks start on Monday); users are an estimate within ±4.9% (3σ).</summary>
public sealed record AnalyticsPoint(DateTime Start, long Events, long Errors, long NewIssues, long Regressions, long Resolved, long Users);

/// <summary>Hours from first event to resolution (issues resolved in the range) and to the first change or comment by a person (issues first seen in it).</summary>
public sealed record ResolutionTimes(int ResolvedIssues, double? MeanHoursToResolve, double? MedianHoursToResolve,
    int TriagedIssues, double? MeanHoursToFirstTriage, double? MedianHoursToFirstTriage);

/// <summary>Unresolved issues by the age of their first event at the end of the range.</summary>
public sealed record AgeBucket(string Age, long Issues);

public sealed record RecurringIssue(long Id, string ShortId, string Title, long Events);

public sealed record NewIssue(long Id, string ShortId, string Title, DateTime FirstSeen, long Count);

/// <param name="ErrorsPer1000Events">Events at level error or fatal per 1,000 events of the release.</param>
/// <param name="Sessions">Sessions the SDKs reported as started in the range (release health; 0 when none send sessions).</param>
/// <param name="CrashFreeSessions">Percent of those sessions that did not crash; null without sessions.</param>
/// <param name="CrashFreeUsers">
/// Percent of the users with a session whose sessions did not crash, from user sketches (±1.6%); null when no session
/// named a user.
/// </param>
public sealed record ReleaseHealth(string Release, long Events, long Errors, long NewIssues, long Regressions, double? ErrorsPer1000Events,
    long Sessions, double? CrashFreeSessions, double? CrashFreeUsers);

/// <summary>Fix sessions started in the range and what came of them.</summary>
public sealed record AutofixOutcomes(int Sessions, int ValidatedFixes, int Mitigations, int Approvals, int Applied, int MergedPullRequests,
    double? MedianHoursFirstEventToMergedFix);

/// <summary>Analyses of the projects' issues by model, and the model calls of their organizations (calls are paid per organization).</summary>
public sealed record AiUsage(IReadOnlyList<AnalysesByModel> Analyses, IReadOnlyList<ModelCost> Calls);

public sealed record AnalysesByModel(string Model, int Analyses, int Failed);

public sealed record ModelCost(string Model, int Calls, long InputTokens, long OutputTokens, decimal Cost);
