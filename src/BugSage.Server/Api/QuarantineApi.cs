using BugSage.Server.Auth;
using BugSage.Server.Operations;
using BugSage.Server.Quarantine;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="QuarantineOperations"/>: envelopes the digest could not process.</summary>
public static class QuarantineApi
{
    public static IEndpointRouteBuilder MapQuarantineApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/projects/{projectId:long}/quarantine").WithTags("Operations");
        group.MapGet("/", List).WithName("ListQuarantine").WithSummary("Envelopes the digest set aside, newest first (admins only)");
        group.MapPost("/{quarantineId:long}/retry", Retry).WithName("RetryQuarantined").WithSummary("Send a quarantined envelope through the digest again");
        group.MapDelete("/{quarantineId:long}", Delete).WithName("DeleteQuarantined").WithSummary("Delete a quarantined envelope");
        return app;
    }

    private static async Task<OperationAnswer<Page<QuarantinedEnvelopeDto>>> List(long projectId, int? limit, string? cursor, AccessScope actor, QuarantineOperations quarantine, CancellationToken ct) =>
        (await quarantine.ListAsync(actor, projectId, limit, cursor, ct)).ToHttp();

    private static async Task<IResult> Retry(long projectId, long quarantineId, AccessScope actor, QuarantineOperations quarantine, CancellationToken ct) =>
        (await quarantine.RetryAsync(actor, projectId, quarantineId, ct)).ToHttp();

    private static async Task<IResult> Delete(long projectId, long quarantineId, AccessScope actor, QuarantineOperations quarantine, CancellationToken ct) =>
        (await quarantine.DeleteAsync(actor, projectId, quarantineId, ct)).ToNoContent();
}
