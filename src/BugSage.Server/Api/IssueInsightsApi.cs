using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Api;

/// <summary>What an issue looks like in aggregate: tag value distributions and event counts over time.</summary>
public static class IssueInsightsApi
{
    public sealed record TagValueDto(string Value, long Count, double Percentage, DateTime FirstSeen, DateTime LastSeen);

    public sealed record TagDto(string Key, long Total, int DistinctValues, IReadOnlyList<TagValueDto> TopValues);

    public sealed record BucketDto(DateTime Start, long Count);

    public sealed record StatsDto(string Period, IReadOnlyList<BucketDto> Buckets);

    public sealed record SimilarDto(long IssueId, string ShortId, string Title, string Status, double Score, string Reason);

    public static WebApplication MapIssueInsightsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/issues/{issueId:long}").WithTags("Issues");
        group.MapGet("/tags", Tags).WithName("GetIssueTags").WithSummary("Top values of each tag with counts and percentages");
        group.MapGet("/similar", Similar).WithName("GetSimilarIssues").WithSummary("Likely duplicates the fingerprint kept apart, with a score and the reason");
        group.MapGet("/stats", Stats).WithName("GetIssueStats").WithSummary("Events per hour over 24 h, or per day over 30 d (?period=24h|30d)");
        return app;
    }

    private static async Task<Results<Ok<List<TagDto>>, NotFound>> Tags(long issueId, int? limit, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        if (await IssuesApi.FindAsync(issueId, scope, db, ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok(await TagsOfAsync(db, issueId, Math.Clamp(limit ?? 10, 1, 100), ct));
    }

    /// <summary>Each tag of an issue with its top values; the caller has checked access.</summary>
    internal static async Task<List<TagDto>> TagsOfAsync(AppDbContext db, long issueId, int top, CancellationToken ct)
    {
        var keys = await db.IssueTags.AsNoTracking().Where(t => t.IssueId == issueId)
            .GroupBy(t => t.Key)
            .Select(g => new { Key = g.Key, Total = g.Sum(t => t.Count), Distinct = g.Count() })
            .OrderBy(k => k.Key).Take(100).ToListAsync(ct);
        var result = new List<TagDto>(keys.Count);
        foreach (var key in keys)
        {
            var values = await db.IssueTags.AsNoTracking().Where(t => t.IssueId == issueId && t.Key == key.Key)
                .OrderByDescending(t => t.Count).ThenBy(t => t.Value).Take(top).ToListAsync(ct);
            result.Add(new TagDto(key.Key, key.Total, key.Distinct, values
                .Select(v => new TagValueDto(v.Value, v.Count, Math.Round(100.0 * v.Count / key.Total, 1), v.FirstSeen, v.LastSeen)).ToList()));
        }
        return result;
    }

    private static async Task<Results<Ok<List<SimilarDto>>, NotFound>> Similar(long issueId, int? limit, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        var found = await IssuesApi.FindAsync(issueId, scope, db, ct);
        if (found is null) return TypedResults.NotFound();
        return TypedResults.Ok(await SimilarToAsync(db, found.Value.Issue, found.Value.ProjectSlug, Math.Clamp(limit ?? 10, 1, 50), ct));
    }

    /// <summary>Likely duplicates of an issue, best first; the caller has checked access.</summary>
    internal static async Task<List<SimilarDto>> SimilarToAsync(AppDbContext db, Issue issue, string projectSlug, int limit, CancellationToken ct)
    {
        var similar = await SimilarIssues.FindAsync(db, issue, limit, ct);
        var ids = similar.Select(s => s.IssueId).ToList();
        var issues = await db.Issues.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        return similar.Where(s => issues.ContainsKey(s.IssueId)).Select(s =>
        {
            var i = issues[s.IssueId];
            return new SimilarDto(i.Id, IssueDto.FormatShortId(projectSlug, i.ShortNumber), i.Title, i.Status, s.Score, s.Reason);
        }).ToList();
    }

    private static async Task<Results<Ok<StatsDto>, NotFound, ValidationProblem>> Stats(long issueId, string? period, AccessScope scope,
        AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await IssuesApi.FindAsync(issueId, scope, db, ct) is null) return TypedResults.NotFound();
        period ??= "24h";
        if (period is not ("24h" or "30d"))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["period"] = ["24h or 30d"] });
        var now = clock.GetUtcNow().UtcDateTime;
        var (step, count) = period == "24h" ? (TimeSpan.FromHours(1), 24) : (TimeSpan.FromDays(1), 30);
        var end = new DateTime(now.Ticks - now.Ticks % step.Ticks, DateTimeKind.Utc) + step;
        var start = end - step * count;
        var hours = await db.IssueHourlyCounts.AsNoTracking()
            .Where(h => h.IssueId == issueId && h.Hour >= start && h.Hour < end)
            .Select(h => new { h.Hour, h.Count }).ToListAsync(ct);
        var buckets = new long[count];
        foreach (var h in hours) buckets[(int)((h.Hour - start).Ticks / step.Ticks)] += h.Count;
        return TypedResults.Ok(new StatsDto(period, buckets.Select((c, i) => new BucketDto(start + step * i, c)).ToList()));
    }
}
