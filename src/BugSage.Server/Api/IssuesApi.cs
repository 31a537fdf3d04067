using System.Text.Json;
using BugSage.Core.Data;
using BugSage.Core.Grouping;
using BugSage.Core.Issues;
using BugSage.Core.Issues.Search;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Api;

/// <summary>Issue lists with search, one issue, its events and its grouping.</summary>
public static class IssuesApi
{
    public sealed record EventSummaryDto(string EventId, DateTime Timestamp, string? Release, string? Environment, string? Message, string Level);

    public sealed record GroupingDto(string Hash, string Variant, IReadOnlyList<string> Components, string Hint);

    public static WebApplication MapIssuesApi(this WebApplication app)
    {
        app.MapGet("/api/v1/projects/{projectId:long}/issues", List).WithTags("Issues")
            .WithName("ListIssues").WithSummary("Search a project's issues");
        var group = app.MapGroup("/api/v1/issues/{issueId:long}").WithTags("Issues");
        group.MapGet("/", Get).WithName("GetIssue").WithSummary("One issue");
        group.MapGet("/events", Events).WithName("ListIssueEvents").WithSummary("An issue's events, newest first");
        group.MapGet("/grouping", Grouping).WithName("GetIssueGrouping").WithSummary("The fingerprint components behind an issue");
        return app;
    }

    private static async Task<Results<Ok<Page<IssueDto>>, NotFound, ValidationProblem>> List(
        long projectId, string? query, string? status, string? sort, int? limit, string? cursor,
        AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        var project = await (await scope.ProjectsAsync(ct)).FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null) return TypedResults.NotFound();
        sort ??= "lastSeen";
        if (!IssueListQuery.Sorts.Contains(sort))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sort"] = [$"sort must be one of {string.Join(", ", IssueListQuery.Sorts)}"] });
        if (status is not null && !IssueStatus.All.Contains(status))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"status must be one of {string.Join(", ", IssueStatus.All)}"] });

        var take = Cursor.Limit(limit);
        var filtered = IssueListQuery.Filter(db, projectId, IssueQuery.Parse(query), status, scope.UserId);
        var (items, next) = await IssueListPager.PageAsync(db, filtered, projectId, sort, cursor, take, ct);
        return TypedResults.Ok(new Page<IssueDto>(items.Select(i => IssueDto.From(i, project.Slug)).ToList(), next));
    }

    private static async Task<Results<Ok<IssueDto>, NotFound>> Get(long issueId, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        var found = await FindAsync(issueId, scope, db, ct);
        return found is { } f ? TypedResults.Ok(IssueDto.From(f.Issue, f.ProjectSlug)) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<Page<EventSummaryDto>>, NotFound>> Events(
        long issueId, int? limit, string? cursor, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        if (await FindAsync(issueId, scope, db, ct) is null) return TypedResults.NotFound();
        var take = Cursor.Limit(limit);
        var events = db.Events.AsNoTracking().Where(e => e.IssueId == issueId);
        if (Cursor.TryDecode(cursor, out var value, out var id) && long.TryParse(value, out var ticks) && ticks >= 0 && ticks <= DateTime.MaxValue.Ticks)
        {
            var t = new DateTime(ticks, DateTimeKind.Utc);
            events = events.Where(e => e.Timestamp < t || (e.Timestamp == t && e.Id < id));
        }
        var rows = await events.OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id)
            .Select(e => new { e.Id, e.EventId, e.Timestamp, e.Release, e.Environment, e.Message, e.Level })
            .Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Cursor.ToPage(rows, take,
            e => new EventSummaryDto(e.EventId, e.Timestamp, e.Release, e.Environment, e.Message, e.Level),
            e => Cursor.Encode(e.Timestamp.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Id)));
    }

    private static async Task<Results<Ok<List<GroupingDto>>, NotFound>> Grouping(long issueId, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        if (await FindAsync(issueId, scope, db, ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok(await GroupingOfAsync(db, issueId, ct));
    }

    /// <summary>The fingerprints an issue holds and what each was made of; the caller has checked access.</summary>
    internal static async Task<List<GroupingDto>> GroupingOfAsync(AppDbContext db, long issueId, CancellationToken ct)
    {
        var hashes = await db.IssueHashes.AsNoTracking().Where(h => h.IssueId == issueId).OrderBy(h => h.Id).ToListAsync(ct);
        return hashes
            .Select(h => JsonSerializer.Deserialize<GroupingResult>(h.Components, GroupingJson.Options)!)
            .Select(g => new GroupingDto(g.Hash, g.Variant, g.Components, g.Hint))
            .ToList();
    }

    /// <summary>The issue (not tracked), its project's slug and organization, if the caller may see it.</summary>
    internal static async Task<(Issue Issue, string ProjectSlug, long OrganizationId)?> FindAsync(long issueId, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        var projects = await scope.ProjectsAsync(ct);
        var row = await (from i in db.Issues.AsNoTracking()
                         join p in projects on i.ProjectId equals p.Id
                         where i.Id == issueId
                         select new { Issue = i, p.Slug, p.OrganizationId }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.Issue, row.Slug, row.OrganizationId);
    }
}
