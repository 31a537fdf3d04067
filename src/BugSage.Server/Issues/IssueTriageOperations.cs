using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Core.Issues.Search;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Issues;

/// <summary>
/// Triage: change one issue or many, merge and unmerge, delete and discard, comment. Members who
/// may triage (issue:write) do it; deleting takes an admin (project:write). Changes land in the
/// issue's activity; deletions in the audit log.
/// </summary>
public sealed class IssueTriageOperations(AppDbContext db, ProjectAccess access, IssueTriage triage, IssueMerger merger, AuditLog audit, TimeProvider clock)
{
    public const int MaxBulk = 1000;
    private const string NoTriage = "Your role does not allow triage";

    public async Task<OperationResult<IssueDto>> UpdateAsync(AccessScope actor, long issueId, IssueUpdate update, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, Permission.IssueWrite, ct, NoTriage);
        if (found.Value is not { } f) return found.As<IssueDto>();
        if (await UnassignableAsync(f.OrganizationId, update, ct) is { } invalid) return invalid.As<IssueDto>();
        var issue = await db.Issues.FirstAsync(i => i.Id == issueId, ct);
        // Deleted or merged away since it was read: as if it had never been found.
        if ((await triage.ApplyAsync([issue], update, actor.ForActivity(), ct)).Count == 0) return Operation.NotFound<IssueDto>();
        return Operation.Ok(IssueDto.From(issue, f.ProjectSlug));
    }

    /// <summary>Changes the selected issues of a project, up to <see cref="MaxBulk"/>.</summary>
    public async Task<OperationResult<BulkResult>> BulkUpdateAsync(AccessScope actor, long projectId, IssueSelection selection, IssueUpdate update, CancellationToken ct)
    {
        var project = await access.ProjectAsync(actor, projectId, Permission.IssueWrite, ct, NoTriage);
        if (project.Value is null) return project.As<BulkResult>();
        if (selection.Ids is not { Count: > 0 } && string.IsNullOrWhiteSpace(selection.Query))
            return Operation.Invalid<BulkResult>("id", "give ids (?id=1&id=2) or a query (?query=…)");
        if (await UnassignableAsync(project.Value.OrganizationId, update, ct) is { } invalid) return invalid.As<BulkResult>();
        var targets = await SelectAsync(actor, projectId, selection, ct);
        var changed = await triage.ApplyAsync(targets, update, actor.ForActivity(), ct);
        return Operation.Ok(new BulkResult(changed.Count));
    }

    /// <summary>Merges the selected issues of a project into the one with the most events.</summary>
    public async Task<OperationResult<MergeResult>> MergeSelectedAsync(AccessScope actor, long projectId, IssueSelection selection, CancellationToken ct)
    {
        var project = await access.ProjectAsync(actor, projectId, Permission.IssueWrite, ct, NoTriage);
        if (project.Value is null) return project.As<MergeResult>();
        if (selection.Ids is not { Count: > 0 } && string.IsNullOrWhiteSpace(selection.Query))
            return Operation.Refused<MergeResult>(OperationStatus.Invalid, "Select at least two issues to merge.");
        var ids = (await SelectAsync(actor, projectId, selection, ct)).Select(i => i.Id).ToList();
        if (ids.Count < 2) return Operation.Refused<MergeResult>(OperationStatus.Invalid, "Select at least two issues to merge.");
        return Merged(await merger.MergeAsync(ids, actor.ForActivity(), ct));
    }

    /// <summary>Merges issues of one project, named by id, into the one with the most events.</summary>
    public async Task<OperationResult<MergeResult>> MergeAsync(AccessScope actor, IReadOnlyCollection<long> issueIds, CancellationToken ct)
    {
        var ids = issueIds.Distinct().ToList();
        if (ids.Count < 2) return Operation.Invalid<MergeResult>("issueIds", "at least two different issues");
        var readable = await access.ReadableProjectsAsync(actor, ct);
        var issues = await db.Issues.AsNoTracking().Where(i => ids.Contains(i.Id) && readable.Select(p => p.Id).Contains(i.ProjectId))
            .Select(i => new { i.Id, i.ProjectId }).ToListAsync(ct);
        if (issues.Count != ids.Count) return Operation.NotFound<MergeResult>();
        if (issues.Select(i => i.ProjectId).Distinct().Count() > 1) return Operation.Invalid<MergeResult>("issueIds", "issues of one project only");
        var project = await access.ProjectAsync(actor, issues[0].ProjectId, Permission.IssueWrite, ct, NoTriage);
        if (project.Value is null) return project.As<MergeResult>();
        return Merged(await merger.MergeAsync(ids, actor.ForActivity(), ct));
    }

    /// <summary>Merges one issue with another of the same project.</summary>
    public async Task<OperationResult<MergeResult>> MergeWithAsync(AccessScope actor, long issueId, long otherId, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, Permission.IssueWrite, ct, NoTriage);
        if (found.Value is not { } f) return found.As<MergeResult>();
        if (!await db.Issues.AnyAsync(i => i.Id == otherId && i.ProjectId == f.Issue.ProjectId && i.Id != issueId, ct))
            return Operation.Refused<MergeResult>(OperationStatus.Invalid, "That issue is not in this project.");
        return Merged(await merger.MergeAsync([issueId, otherId], actor.ForActivity(), ct));
    }

    /// <summary>What the merge did, from the issues it found when it took them: another merge or a delete may have come first.</summary>
    private static OperationResult<MergeResult> Merged(IssueMerger.Merged? merged) => merged is { } m
        ? Operation.Ok(new MergeResult(m.Target.Id, m.Sources))
        : Operation.Refused<MergeResult>(OperationStatus.Conflict, "Fewer than two of these issues are left: another merge or a delete came first.");

    /// <summary>Splits fingerprints out of an issue into a new one; at least one stays.</summary>
    public async Task<OperationResult<UnmergeResult>> UnmergeAsync(AccessScope actor, long issueId, IReadOnlyCollection<string> hashes, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, Permission.IssueWrite, ct, NoTriage);
        if (!found.Succeeded) return found.As<UnmergeResult>();
        var own = await db.IssueHashes.Where(h => h.IssueId == issueId).Select(h => h.Hash).ToListAsync(ct);
        var split = hashes.Distinct().ToList();
        if (split.Except(own).Any()) return Operation.Invalid<UnmergeResult>("hashes", "every hash must be one of this issue's (see /grouping)");
        if (split.Count >= own.Count) return Operation.Invalid<UnmergeResult>("hashes", "at least one fingerprint must stay with the issue");
        var issue = await db.Issues.FirstAsync(i => i.Id == issueId, ct);
        return await merger.UnmergeAsync(issue, split, actor.ForActivity(), ct) switch
        {
            { Split: { } created } => Operation.Ok(new UnmergeResult(created.Id)),
            { Refusal: IssueMerger.UnmergeRefusal.Gone } => Operation.NotFound<UnmergeResult>(),
            _ => Operation.Refused<UnmergeResult>(OperationStatus.Conflict, "These fingerprints are no longer all this issue's, or none would stay: another unmerge came first."),
        };
    }

    /// <summary>Deletes an issue and its events; <paramref name="discard"/> also drops its future events.</summary>
    public async Task<OperationResult<bool>> DeleteAsync(AccessScope actor, long issueId, bool discard, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, Permission.ProjectWrite, ct, "Deleting issues takes an admin");
        if (found.Value is not { } f) return found.As<bool>();
        var issue = await db.Issues.FirstAsync(i => i.Id == issueId, ct);
        audit.Record(discard ? "issue.discarded" : "issue.deleted", f.OrganizationId, target: $"{IssueDto.FormatShortId(f.ProjectSlug, issue.ShortNumber)} {issue.Title}");
        // Deleted meanwhile (a second click, a merge): nothing left to delete here, and no audit entry for it.
        return await merger.DeleteAsync(issue, discard, ct) ? Operation.Ok(true) : Operation.NotFound<bool>();
    }

    public async Task<OperationResult<ActivityDto>> CommentAsync(AccessScope actor, long issueId, string text, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, Permission.IssueWrite, ct, NoTriage);
        if (found.Value is not { } f) return found.As<ActivityDto>();
        if (string.IsNullOrWhiteSpace(text) || text.Length > 10_000) return Operation.Refused<ActivityDto>(OperationStatus.Invalid, "A comment needs 1 to 10,000 characters.");
        return Operation.Created(ActivityDto.From(await triage.CommentAsync(f.Issue, text, actor.ForActivity(), ct)));
    }

    /// <summary>Assigns an issue to <c>me</c>, to a member named by email, or to nobody (<c>none</c>), as a person says it.</summary>
    public async Task<OperationResult<IssueDto>> AssignAsync(AccessScope actor, long issueId, string assignee, CancellationToken ct)
    {
        var found = await access.IssueAsync(actor, issueId, Permission.IssueWrite, ct, NoTriage);
        if (found.Value is not { } f) return found.As<IssueDto>();
        long? userId = assignee.Trim().ToLowerInvariant() switch
        {
            "me" => actor.UserId,
            "none" or "nobody" or "" => null,
            var email => await (from m in db.Memberships
                                join u in db.Users on m.UserId equals u.Id
                                where m.OrganizationId == f.OrganizationId && u.Email == email
                                select (long?)u.Id).FirstOrDefaultAsync(ct) ?? -1,
        };
        if (userId == -1) return Operation.Invalid<IssueDto>("assignee", "no member of this organization has that email");
        return await UpdateAsync(actor, issueId, new IssueUpdate { SetsAssignee = true, AssigneeId = userId }, ct);
    }

    /// <summary>An assignee must be a member of the issue's organization.</summary>
    private async Task<OperationResult<bool>?> UnassignableAsync(long orgId, IssueUpdate update, CancellationToken ct) =>
        update.AssigneeId is { } assignee && !await db.Memberships.AnyAsync(m => m.OrganizationId == orgId && m.UserId == assignee, ct)
            ? Operation.Invalid<bool>("assigneeId", "not a member of this organization")
            : null;

    /// <summary>The selected issues, tracked for changes: ids first, since the search query does not track.</summary>
    private async Task<List<Issue>> SelectAsync(AccessScope actor, long projectId, IssueSelection selection, CancellationToken ct)
    {
        var ids = selection.Ids is { Count: > 0 }
            ? selection.Ids.Distinct().ToList()
            : await IssueListQuery.Filter(db, projectId, IssueQuery.Parse(selection.Query), null, actor.UserId, clock.GetUtcNow().UtcDateTime).OrderBy(i => i.Id).Select(i => i.Id).Take(MaxBulk).ToListAsync(ct);
        return await db.Issues.Where(i => i.ProjectId == projectId && ids.Contains(i.Id)).OrderBy(i => i.Id).Take(MaxBulk).ToListAsync(ct);
    }
}
