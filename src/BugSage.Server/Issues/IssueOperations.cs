using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.Events;
using BugSage.Core.Processing.Digest;
using BugSage.Core.Issues;
using BugSage.Core.Issues.Search;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Issues;

/// <summary>
/// Reading issues: search a project's list, one issue with its events, grouping, tags, similar
/// issues, counts over time and activity. Project readers see them; everything else is not found.
/// </summary>
public sealed class IssueOperations(AppDbContext db, ProjectAccess access, IssueFirstPages firstPages, TimeProvider clock)
{
    /// <summary>A page of the list; the default list's first page comes from the cache once the caller's access is checked.</summary>
    public async Task<OperationResult<Page<IssueDto>>> SearchAsync(AccessScope actor, long projectId, IssueSearch search, CancellationToken ct)
    {
        var checkedSearch = await CheckAsync(actor, projectId, search, ct);
        if (checkedSearch.Value is not { } c) return checkedSearch.As<Page<IssueDto>>();
        var callerId = actor.UserId;
        if (!IssueFirstPages.Keeps(search)) return Operation.Ok(await ReadPageAsync(db, c, callerId, search, ct));
        return Operation.Ok(await firstPages.GetAsync(projectId, search, c.Query, callerId, c.Sort, Cursor.Limit(search.Limit),
            (pageDb, token) => ReadPageAsync(pageDb, c, callerId, search, token), ct));
    }

    private async Task<Page<IssueDto>> ReadPageAsync(AppDbContext from, CheckedSearch c, long callerId, IssueSearch search, CancellationToken ct)
    {
        var (items, next) = await PageAsync(from, c, callerId, search, ct);
        return new Page<IssueDto>(items.Select(i => IssueDto.From(i, c.Project.Slug)).ToList(), next);
    }

    /// <summary>A page of the list with each issue's last 24 hours and who may be assigned.</summary>
    public async Task<OperationResult<IssueBoard>> BoardAsync(AccessScope actor, long projectId, IssueSearch search, CancellationToken ct)
    {
        var found = await FindAsync(actor, projectId, search, ct);
        if (!found.Succeeded) return found.As<IssueBoard>();
        var (project, items, next) = found.Value!;
        var hourly = await IssueInsightQueries.HourlyAsync(db, items.Select(i => i.Id).ToList(), clock.GetUtcNow().UtcDateTime, ct);
        var rows = items.Select(i => new IssueRow(i, IssueDto.FormatShortId(project.Slug, i.ShortNumber), hourly.GetValueOrDefault(i.Id) ?? new long[24])).ToList();
        return Operation.Ok(new IssueBoard(rows, next, await access.CanAsync(actor, project.OrganizationId, Permission.IssueWrite, ct), project.OrganizationId,
            await IssueInsightQueries.MembersAsync(db, project.OrganizationId, ct)));
    }

    private async Task<OperationResult<(Core.Projects.Project Project, List<Issue> Items, string? Next)>> FindAsync(
        AccessScope actor, long projectId, IssueSearch search, CancellationToken ct)
    {
        var checkedSearch = await CheckAsync(actor, projectId, search, ct);
        if (checkedSearch.Value is not { } c) return checkedSearch.As<(Core.Projects.Project, List<Issue>, string?)>();
        var (items, next) = await PageAsync(db, c, actor.UserId, search, ct);
        return Operation.Ok((c.Project, items, next));
    }

    /// <summary>A search the actor may run: the project readable, the sort and status known.</summary>
    private sealed record CheckedSearch(Core.Projects.Project Project, string Sort, IssueQuery Query);

    private async Task<OperationResult<CheckedSearch>> CheckAsync(AccessScope actor, long projectId, IssueSearch search, CancellationToken ct)
    {
        var project = await access.ProjectAsync(actor, projectId, Permission.ProjectRead, ct);
        if (project.Value is null) return project.As<CheckedSearch>();
        var sort = search.Sort ?? "lastSeen";
        if (!IssueListQuery.Sorts.Contains(sort))
            return Operation.Invalid<CheckedSearch>("sort", $"sort must be one of {string.Join(", ", IssueListQuery.Sorts)}");
        if (search.Status is not null && !IssueStatus.All.Contains(search.Status))
            return Operation.Invalid<CheckedSearch>("status", $"status must be one of {string.Join(", ", IssueStatus.All)}");
        return Operation.Ok(new CheckedSearch(project.Value, sort, IssueQuery.Parse(search.Query)));
    }

    private Task<(List<Issue> Items, string? Next)> PageAsync(AppDbContext from, CheckedSearch c, long callerId, IssueSearch search, CancellationToken ct)
    {
        var filtered = IssueListQuery.Filter(from, c.Project.Id, c.Query, search.Status, callerId, clock.GetUtcNow().UtcDateTime);
        return IssueListPager.PageAsync(from, filtered, c.Project.Id, c.Sort, search.Cursor, Cursor.Limit(search.Limit), ct);
    }

    public async Task<OperationResult<IssueDto>> GetAsync(AccessScope actor, long issueId, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        return found.Value is { } f ? Operation.Ok(IssueDto.From(f.Issue, f.ProjectSlug)) : found.As<IssueDto>();
    }

    /// <summary>Everything the issue's page shows, or not found when the issue is not in <paramref name="projectId"/>.</summary>
    public async Task<OperationResult<IssueOverview>> OverviewAsync(AccessScope actor, long projectId, long issueId, string? eventId, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        if (found.Value is not { } f || f.Issue.ProjectId != projectId) return Operation.NotFound<IssueOverview>();
        var issue = f.Issue;
        var canTriage = await access.CanAsync(actor, f.OrganizationId, Permission.IssueWrite, ct);
        var members = await IssueInsightQueries.MembersAsync(db, f.OrganizationId, ct);
        var assignee = issue.AssigneeId is { } a ? await db.Users.Where(u => u.Id == a).Select(u => u.Email).FirstOrDefaultAsync(ct) : null;
        var events = db.Events.AsNoTracking().Where(e => e.IssueId == issueId);
        var normalized = eventId is null ? null : EventIds.Normalize(eventId);
        var stored = normalized is not null
            ? await events.FirstOrDefaultAsync(e => e.EventId == normalized, ct)
            : await events.OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        var detail = stored is null ? null : await IssueInsightQueries.DetailAsync(db, stored, ct);
        var oldest = await events.OrderBy(e => e.Timestamp).ThenBy(e => e.Id).Select(e => e.EventId).FirstOrDefaultAsync(ct);
        var activity = await db.IssueActivities.AsNoTracking().Where(x => x.IssueId == issueId).OrderBy(x => x.Id).Take(200).ToListAsync(ct);
        return Operation.Ok(new IssueOverview(
            new IssueInProjectView(issue, IssueDto.FormatShortId(f.ProjectSlug, issue.ShortNumber), f.OrganizationId), canTriage, members, assignee, detail, oldest,
            await IssueInsightQueries.TagsOfAsync(db, issueId, 5, ct), await IssueInsightQueries.SimilarToAsync(db, issue, f.ProjectSlug, 5, ct),
            await IssueInsightQueries.GroupingOfAsync(db, issueId, ct), activity));
    }

    public async Task<OperationResult<Page<EventSummaryDto>>> EventsAsync(AccessScope actor, long issueId, int? limit, string? cursor, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        if (!found.Succeeded) return found.As<Page<EventSummaryDto>>();
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
        return Operation.Ok(Cursor.ToPage(rows, take,
            e => new EventSummaryDto(e.EventId, e.Timestamp, e.Release, e.Environment, e.Message, e.Level),
            e => Cursor.Encode(e.Timestamp.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Id)));
    }

    /// <summary>
    /// The newest event of each of <paramref name="issueIds"/> the actor can read, in a fixed number of queries
    /// whatever the number of issues (a list of issues with their latest events); unreadable issues are absent.
    /// </summary>
    public async Task<OperationResult<IReadOnlyDictionary<long, EventSummaryDto>>> LatestEventsAsync(AccessScope actor, IReadOnlyCollection<long> issueIds, CancellationToken ct)
    {
        var readable = await ReadableAmongAsync(actor, issueIds, ct);
        var rows = readable.Count == 0 ? [] : await db.Events.AsNoTracking().Where(e => readable.Contains(e.IssueId))
            .GroupBy(e => e.IssueId)
            .Select(g => g.OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id)
                .Select(e => new { e.IssueId, e.EventId, e.Timestamp, e.Release, e.Environment, e.Message, e.Level }).First())
            .ToListAsync(ct);
        return Operation.Ok<IReadOnlyDictionary<long, EventSummaryDto>>(
            rows.ToDictionary(e => e.IssueId, e => new EventSummaryDto(e.EventId, e.Timestamp, e.Release, e.Environment, e.Message, e.Level)));
    }

    /// <summary>Those of <paramref name="issueIds"/> in projects the actor can read, in one query.</summary>
    private async Task<List<long>> ReadableAmongAsync(AccessScope actor, IReadOnlyCollection<long> issueIds, CancellationToken ct)
    {
        var ids = issueIds.Distinct().ToList();
        if (ids.Count == 0) return [];
        var projects = await access.ReadableProjectsAsync(actor, ct);
        return await db.Issues.AsNoTracking().Where(i => ids.Contains(i.Id) && projects.Any(p => p.Id == i.ProjectId)).Select(i => i.Id).ToListAsync(ct);
    }

    /// <summary>An event of a project by its id, with its neighbours in the issue.</summary>
    public async Task<OperationResult<EventDetailDto>> EventAsync(AccessScope actor, long projectId, string eventId, CancellationToken ct)
    {
        var id = EventIds.Normalize(eventId);
        if (id is null || !await access.SeesProjectAsync(actor, projectId, ct)) return Operation.NotFound<EventDetailDto>();
        var stored = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.ProjectId == projectId && e.EventId == id, ct);
        return stored is null ? Operation.NotFound<EventDetailDto>() : Operation.Ok(await IssueInsightQueries.DetailAsync(db, stored, ct));
    }

    /// <summary>An issue's <c>latest</c> or <c>oldest</c> event.</summary>
    public async Task<OperationResult<EventDetailDto>> EdgeEventAsync(AccessScope actor, long issueId, string which, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        if (!found.Succeeded) return found.As<EventDetailDto>();
        var events = db.Events.AsNoTracking().Where(e => e.IssueId == issueId);
        var stored = which == "oldest"
            ? await events.OrderBy(e => e.Timestamp).ThenBy(e => e.Id).FirstOrDefaultAsync(ct)
            : await events.OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        return stored is null ? Operation.NotFound<EventDetailDto>() : Operation.Ok(await IssueInsightQueries.DetailAsync(db, stored, ct));
    }

    public async Task<OperationResult<List<GroupingDto>>> GroupingAsync(AccessScope actor, long issueId, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        return found.Succeeded ? Operation.Ok(await IssueInsightQueries.GroupingOfAsync(db, issueId, ct)) : found.As<List<GroupingDto>>();
    }

    public async Task<OperationResult<List<TagDto>>> TagsAsync(AccessScope actor, long issueId, int? limit, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        return found.Succeeded ? Operation.Ok(await IssueInsightQueries.TagsOfAsync(db, issueId, Math.Clamp(limit ?? 10, 1, 100), ct)) : found.As<List<TagDto>>();
    }

    public async Task<OperationResult<List<SimilarDto>>> SimilarAsync(AccessScope actor, long issueId, int? limit, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        if (found.Value is not { } f) return found.As<List<SimilarDto>>();
        return Operation.Ok(await IssueInsightQueries.SimilarToAsync(db, f.Issue, f.ProjectSlug, Math.Clamp(limit ?? 10, 1, 50), ct));
    }

    /// <summary>Events per hour over 24 hours, or per day over 30 days.</summary>
    public async Task<OperationResult<StatsDto>> StatsAsync(AccessScope actor, long issueId, string? period, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        if (!found.Succeeded) return found.As<StatsDto>();
        period ??= "24h";
        if (period is not ("24h" or "30d")) return Operation.Invalid<StatsDto>("period", "24h or 30d");
        var now = clock.GetUtcNow().UtcDateTime;
        var (step, count) = period == "24h" ? (TimeSpan.FromHours(1), 24) : (TimeSpan.FromDays(1), 30);
        var end = new DateTime(now.Ticks - now.Ticks % step.Ticks, DateTimeKind.Utc) + step;
        var start = end - step * count;
        var hours = await db.IssueHourlyCounts.AsNoTracking()
            .Where(h => h.IssueId == issueId && h.Hour >= start && h.Hour < end)
            .Select(h => new { h.Hour, h.Count }).ToListAsync(ct);
        var buckets = new long[count];
        foreach (var h in hours) buckets[(int)((h.Hour - start).Ticks / step.Ticks)] += h.Count;
        return Operation.Ok(new StatsDto(period, buckets.Select((c, i) => new BucketDto(start + step * i, c)).ToList()));
    }

    /// <summary>Changes, regressions, merges and comments, oldest first.</summary>
    public async Task<OperationResult<Page<ActivityDto>>> ActivityAsync(AccessScope actor, long issueId, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, ct);
        if (!found.Succeeded) return found.As<Page<ActivityDto>>();
        var rows = await db.IssueActivities.AsNoTracking().Where(a => a.IssueId == issueId).OrderBy(a => a.Id).Take(1000).ToListAsync(ct);
        return Operation.Ok(new Page<ActivityDto>(rows.Select(ActivityDto.From).ToList(), null));
    }
}
