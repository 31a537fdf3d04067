using BugSage.Core.Data;
using BugSage.Core.Events;
using BugSage.Core.Processing.Digest;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Api;

/// <summary>One normalized event with everything the SDK sent (after scrubbing).</summary>
public static class EventsApi
{
    public sealed record EventDetailDto(long ProjectId, long IssueId, NormalizedEvent Event);

    public static WebApplication MapEventsApi(this WebApplication app)
    {
        app.MapGet("/api/v1/projects/{projectId:long}/events/{eventId}", Get).WithTags("Events")
            .WithName("GetEvent").WithSummary("A normalized event: exception chain, breadcrumbs, tags, user, request, contexts");
        return app;
    }

    private static async Task<Results<Ok<EventDetailDto>, NotFound>> Get(long projectId, string eventId, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        var id = EventIds.Normalize(eventId);
        if (id is null || !await scope.CanReadProjectAsync(projectId, ct)) return TypedResults.NotFound();
        var stored = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.ProjectId == projectId && e.EventId == id, ct);
        if (stored is null) return TypedResults.NotFound();
        return TypedResults.Ok(new EventDetailDto(stored.ProjectId, stored.IssueId, EventJson.Decompress(stored.Payload)));
    }
}
