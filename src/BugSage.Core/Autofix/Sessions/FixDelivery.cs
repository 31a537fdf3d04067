using BugSage.Core.Analysis.Source;
using BugSage.Core.Data;
using BugSage.Core.Outbound;
using BugSage.Core.Security;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Autofix.Sessions;

/// <summary>
/// Delivers a session's approved candidate: the branch with its commit (<see cref="FixCommitter"/>),
/// then, when the repository has a token, the push and the pull request (<see cref="PullRequestOpener"/>).
/// The session's fields are set and an opened pull request's alerts queued; the caller saves, audits and announces.
/// </summary>
public sealed class FixDelivery(SourceResolver sources, PullRequestOpener pullRequests, SecretProtector secrets, Alerts.Firing.WorkAlerts alerts, Alerts.Firing.IssueLinks links)
{
    public sealed record Delivered(string Branch, string Commit, bool Pushed, string? PushError, string? PullRequestUrl, string? PullRequestError);

    /// <exception cref="InvalidOperationException">The repository is gone or the candidate no longer applies; the message says which.</exception>
    public async Task<Delivered> DeliverAsync(AppDbContext db, FixSession session, string shortId, string issueTitle, string issueUrl, string approvedBy, CancellationToken ct)
    {
        var candidates = System.Text.Json.JsonSerializer.Deserialize<List<FixCandidateRecord>>(session.Candidates, FixSessionWorker.Json) ?? [];
        var candidate = candidates.FirstOrDefault(c => c.Id == session.ApprovedCandidateId) ?? throw new InvalidOperationException("No candidate is approved");
        var repository = await db.Repositories.AsNoTracking().FirstOrDefaultAsync(r => r.Id == session.RepositoryId, ct);
        if (repository is null || await WorkingCopyAsync(repository, session.Revision!, ct) is not { } root) throw new InvalidOperationException("The session's repository is no longer linked");
        var applied = await FixCommitter.ApplyAsync(root, session.Revision!, shortId, candidate.Summary, issueUrl, candidate.Diff, ct);
        session.Status = FixSessionStatus.Applied;
        session.AppliedBranch = applied.Branch;
        session.AppliedCommit = applied.Commit;

        // Pushed, and proposed as a pull request on GitHub, only when the repository has a token.
        Shipment? shipment = null;
        if (repository.AccessTokenProtected is { } sealedToken)
        {
            var steps = System.Text.Json.JsonSerializer.Deserialize<List<FixStep>>(session.Steps, FixSessionWorker.Json) ?? [];
            var text = PullRequestText.For(shortId, issueTitle, issueUrl, candidate, steps, approvedBy);
            shipment = secrets.Unprotect(sealedToken) is { } token
                ? await pullRequests.ShipAsync(repository, root, token, applied.Branch, text, ct)
                : new Shipment(false, "the repository's access token cannot be decrypted (the key ring changed): link the repository again", null, null, null);
            session.Pushed = shipment.Pushed;
            session.PullRequestUrl = shipment.PullRequestUrl;
            session.PullRequestNumber = shipment.PullRequestNumber;
            if (session.PullRequestUrl is { } opened)
                await alerts.FireAsync(db, Alerts.AlertTriggers.PullRequestOpened, session.IssueId,
                    new Alerts.Firing.NotifiedWork("fix_session", session.Id, "pull request opened", links.FixSession(session.Id), opened), ct);
        }
        return new Delivered(applied.Branch, applied.Commit, session.Pushed, shipment?.PushError, session.PullRequestUrl, shipment?.PullRequestError);
    }

    /// <summary>
    /// The working copy at the session's revision, fetched first when this node's clone predates it (the session may have
    /// run on another node); a clone that cannot be made is a stated reason (the cause is in the server log), not a surprise.
    /// </summary>
    private async Task<string?> WorkingCopyAsync(LinkedRepository repository, string revision, CancellationToken ct)
    {
        try
        {
            return await sources.WorkingCopyAtAsync(repository, revision, ct);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(e is OutboundRefusedException refused
                ? $"The session's repository could not be cloned: its host is a {refused.Refused.Describe()} address, which this server does not connect to"
                : "The session's repository could not be cloned (the server log says why)", e);
        }
    }
}
