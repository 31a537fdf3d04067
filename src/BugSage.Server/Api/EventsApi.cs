using BugSage.Core.Data;
using BugSage.Core.Events;
using BugSage.Core.Processing.Digest;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Api;

/// <summary>One normalized event with everything the SDK sent (after scrubbing), and its neighbours in the issue.</summary>
public static class EventsApi
{
    public sealed record EventDetailDto(long ProjectId, long IssueId, string? PreviousEventId, string? NextEventId, NormalizedEvent Event);

    public static WebApplication MapEventsApi(this WebApplication app)
    {
        app.MapGet("/api/v1/projects/{projectId:long}/events/{eventId}", Get).WithTags("Events")
            .WithName("GetEvent").WithSummary("A normalized event: exception chain, breadcrumbs, tags, user, request, contexts");
        app.MapGet("/api/v1/issues/{issueId:long}/events/{which:regex(^(latest|oldest)$)}", Edge).WithTags("Events")
            .WithName("GetIssueEdgeEvent").WithSummary("An issue's latest or oldest event");
        return app;
    }

    private static async Task<Results<Ok<EventDetailDto>, NotFound>> Get(long projectId, string eventId, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        var id = EventIds.Normalize(eventId);
        if (id is null || !await scope.CanReadProjectAsync(projectId, ct)) return TypedResults.NotFound();
        var stored = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.ProjectId == projectId && e.EventId == id, ct);
        return stored is null ? TypedResults.NotFound() : TypedResults.Ok(await DetailAsync(stored, db, ct));
    }

    private static async Task<Results<Ok<EventDetailDto>, NotFound>> Edge(long issueId, string which, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        if (await IssuesApi.FindAsync(issueId, scope, db, ct) is null) return TypedResults.NotFound();
        var events = db.Events.AsNoTracking().Where(e => e.IssueId == issueId);
        var stored = which == "oldest"
            ? await events.OrderBy(e => e.Timestamp).ThenBy(e => e.Id).FirstOrDefaultAsync(ct)
            : await events.OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        return stored is null ? TypedResults.NotFound() : TypedResults.Ok(await DetailAsync(stored, db, ct));
    }

    /// <summary>The event with the ids of the one before and after it in its issue (by time, then id).</summary>
    internal static async Task<EventDetailDto> DetailAsync(StoredEvent e, AppDbContext db, CancellationToken ct)
    {
        var siblings = db.Events.AsNoTracking().Where(x => x.IssueId == e.IssueId);
        var previous = await siblings.Where(x => x.Timestamp < e.Timestamp || (x.Timestamp == e.Timestamp && x.Id < e.Id))
            .OrderByDescending(x => x.Timestamp).ThenByDescending(x => x.Id).Select(x => x.EventId).FirstOrDefaultAsync(ct);
        var next = await siblings.Where(x => x.Timestamp > e.Timestamp || (x.Timestamp == e.Timestamp && x.Id > e.Id))
            .OrderBy(x => x.Timestamp).ThenBy(x => x.Id).Select(x => x.EventId).FirstOrDefaultAsync(ct);
        return new EventDetailDto(e.ProjectId, e.IssueId, previous, next, EventJson.Decompress(e.Payload));
    }
}
