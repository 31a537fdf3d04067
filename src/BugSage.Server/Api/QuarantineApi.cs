using System.Globalization;
using System.Text;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.Processing.Inbox;
using BugSage.Core.Processing.Quarantine;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Api;

/// <summary>
/// Envelopes the digest could not process, set aside with their reason (admins only): read them,
/// send one through the digest again (after a fix, say), or delete it.
/// </summary>
public static class QuarantineApi
{
    /// <summary>How much of the envelope the list shows, as text.</summary>
    private const int PreviewBytes = 2000;

    public sealed record QuarantinedEnvelopeDto(long Id, long ProjectId, string NodeId, string InboxPosition, string Reason, DateTime ReceivedAt, DateTime QuarantinedAt, int Size, string Preview);

    public sealed record RetriedDto(long Id, string Requeued);

    public static WebApplication MapQuarantineApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/projects/{projectId:long}/quarantine").WithTags("Operations");
        group.MapGet("/", List).WithName("ListQuarantine").WithSummary("Envelopes the digest set aside, newest first (admins only)");
        group.MapPost("/{quarantineId:long}/retry", Retry).WithName("RetryQuarantined").WithSummary("Send a quarantined envelope through the digest again");
        group.MapDelete("/{quarantineId:long}", Delete).WithName("DeleteQuarantined").WithSummary("Delete a quarantined envelope");
        return app;
    }

    private static async Task<Results<Ok<Page<QuarantinedEnvelopeDto>>, NotFound, ForbidHttpResult>> List(
        long projectId, int? limit, string? cursor, AccessScope scope, AppDbContext db, CancellationToken ct)
    {
        var project = await scope.ProjectAsync(projectId, ct);
        if (project is null) return TypedResults.NotFound();
        if (!await scope.CanAsync(project.OrganizationId, Permission.OrgAdmin, ct)) return TypedResults.Forbid();
        var take = Cursor.Limit(limit);
        var rows = db.QuarantinedEnvelopes.AsNoTracking().Where(q => q.ProjectId == projectId);
        if (Cursor.TryDecode(cursor, out _, out var beforeId)) rows = rows.Where(q => q.Id < beforeId);
        var page = await rows.OrderByDescending(q => q.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Cursor.ToPage(page, take, ToDto, q => Cursor.Encode(q.Id.ToString(CultureInfo.InvariantCulture), q.Id)));
    }

    private static async Task<Results<Ok<RetriedDto>, NotFound, ForbidHttpResult>> Retry(
        long projectId, long quarantineId, AccessScope scope, AppDbContext db, InboxLog inbox, AuditLog audit, CancellationToken ct)
    {
        var project = await scope.ProjectAsync(projectId, ct);
        if (project is null) return TypedResults.NotFound();
        if (!await scope.CanAsync(project.OrganizationId, Permission.OrgAdmin, ct)) return TypedResults.Forbid();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var quarantined = await db.QuarantinedEnvelopes.AsNoTracking().FirstOrDefaultAsync(q => q.Id == quarantineId && q.ProjectId == projectId, ct);
        // The delete claims the record: of racing retries one deletes it, the others find nothing.
        if (quarantined is null || await db.QuarantinedEnvelopes.Where(q => q.Id == quarantineId).ExecuteDeleteAsync(ct) == 0) return TypedResults.NotFound();
        // Durable in the inbox before the delete commits: a crash in between digests it twice at worst, never loses it.
        var position = await inbox.AppendAsync(projectId, quarantined.ReceivedAt, quarantined.Envelope);
        audit.Record("quarantine.retry", project.OrganizationId, target: $"quarantined envelope {quarantineId}", details: new { projectId, quarantined.Reason });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new RetriedDto(quarantineId, $"{position.Segment}:{position.Offset}"));
    }

    private static async Task<Results<NoContent, NotFound, ForbidHttpResult>> Delete(
        long projectId, long quarantineId, AccessScope scope, AppDbContext db, AuditLog audit, CancellationToken ct)
    {
        var project = await scope.ProjectAsync(projectId, ct);
        if (project is null) return TypedResults.NotFound();
        if (!await scope.CanAsync(project.OrganizationId, Permission.OrgAdmin, ct)) return TypedResults.Forbid();
        var reason = await db.QuarantinedEnvelopes.Where(q => q.Id == quarantineId && q.ProjectId == projectId).Select(q => q.Reason).FirstOrDefaultAsync(ct);
        if (reason is null || await db.QuarantinedEnvelopes.Where(q => q.Id == quarantineId && q.ProjectId == projectId).ExecuteDeleteAsync(ct) == 0) return TypedResults.NotFound();
        audit.Record("quarantine.delete", project.OrganizationId, target: $"quarantined envelope {quarantineId}", details: new { projectId, reason });
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static QuarantinedEnvelopeDto ToDto(QuarantinedEnvelope q) => new(
        q.Id, q.ProjectId, q.NodeId, q.InboxPosition, q.Reason, q.ReceivedAt, q.QuarantinedAt, q.Envelope.Length,
        Encoding.UTF8.GetString(q.Envelope, 0, Math.Min(q.Envelope.Length, PreviewBytes)));
}
