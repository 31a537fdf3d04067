using System.Globalization;
using BugSage.Core.Accounts;
using BugSage.Core.Alerts;
using BugSage.Core.Alerts.Delivery;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Core.Security;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Alerts;

/// <summary>A button pressed on a BugSage message in Slack, as Slack posts it back.</summary>
public sealed record SlackButton(string SlackUserId, string ActionId, string Value, string? ResponseUrl);

/// <summary>
/// Slack's interactivity for a bot-mode integration: the request is the integration's (signed with
/// its app's signing secret), and the person is whoever pressed the button, found by the email
/// Slack knows them by. They may act only as their BugSage role allows, on issues of the
/// integration's project; the change is triage like any other, recorded on the issue under their name.
/// </summary>
public sealed class SlackInteractionOperations(AppDbContext db, SecretProtector secrets, SlackApi slack, IssueTriage triage, TimeProvider clock)
{
    /// <summary>The integration when the request carries its app's signature, made within the last five minutes.</summary>
    public async Task<OperationResult<AlertIntegration>> AuthenticateAsync(long integrationId, byte[] body, string? timestamp, string? signature, CancellationToken ct)
    {
        var integration = await db.AlertIntegrations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == integrationId, ct);
        if (integration is not { IsSlackBot: true, SlackSigningSecretProtected: { } sealedSecret })
            return Operation.NotFound<AlertIntegration>("No Slack app is connected here");
        if (secrets.Unprotect(sealedSecret) is not { } signingSecret || !SlackSignature.IsValid(signingSecret, timestamp, body, signature, clock.GetUtcNow()))
            return Operation.Refused<AlertIntegration>(OperationStatus.Unauthorized, "The request is not signed by this Slack app",
                "X-Slack-Signature must sign the body with the app's signing secret, and X-Slack-Request-Timestamp be within five minutes.");
        return Operation.Ok(integration);
    }

    /// <summary>Carries out the button; answers what to tell the person (also posted to them through Slack's response URL).</summary>
    public async Task<string> PressAsync(AlertIntegration integration, SlackButton button, CancellationToken ct)
    {
        var said = await DoAsync(integration, button, ct);
        if (button.ResponseUrl is { } responseUrl) await slack.RespondAsync(responseUrl, said, ct);
        return said;
    }

    private async Task<string> DoAsync(AlertIntegration integration, SlackButton button, CancellationToken ct)
    {
        if (button.ActionId is not (ChatMessages.ResolveAction or ChatMessages.IgnoreAction or ChatMessages.AssignAction)) return "BugSage does not know that button.";
        if (!long.TryParse(button.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var issueId)) return "That button names no issue.";
        var issue = await db.Issues.FirstOrDefaultAsync(i => i.Id == issueId && i.ProjectId == integration.ProjectId, ct);
        if (issue is null) return "That issue is gone, or not in this channel's project.";
        if (secrets.Unprotect(integration.TokenProtected!) is not { } token) return "BugSage cannot read this app's token any more; an admin must enter it again.";
        if (await slack.UserEmailAsync(token, button.SlackUserId, ct) is not { Length: > 0 } email)
            return "BugSage could not read your email from Slack (the app needs the users:read.email scope).";
        var normalized = email.Trim().ToLowerInvariant();
        var member = await db.Users.Where(u => u.Email.ToLower() == normalized)
            .Join(db.Memberships.Where(m => m.OrganizationId == integration.OrganizationId), u => u.Id, m => m.UserId, (u, m) => new { u.Id, u.Email, m.Role })
            .FirstOrDefaultAsync(ct);
        if (member is null) return $"{email} is not a member of this project's organization in BugSage.";
        if (!RolePermissions.For(member.Role).HasFlag(Permission.IssueWrite)) return "Your BugSage role does not allow triage.";
        var slug = await db.Projects.Where(p => p.Id == issue.ProjectId).Select(p => p.Slug).FirstAsync(ct);
        var shortId = ShortIds.Format(slug, issue.ShortNumber);
        var (update, done) = button.ActionId switch
        {
            ChatMessages.ResolveAction => (new IssueUpdate { Status = IssueStatus.Resolved }, $"Resolved {shortId}."),
            ChatMessages.IgnoreAction => (new IssueUpdate { Status = IssueStatus.Ignored }, $"Ignored {shortId}."),
            _ => (new IssueUpdate { SetsAssignee = true, AssigneeId = member.Id }, $"Assigned {shortId} to you."),
        };
        var changed = await triage.ApplyAsync([issue], update, new Actor(member.Id, $"{member.Email} (Slack)"), ct);
        return changed.Count == 0 ? $"{shortId} was deleted or merged into another issue meanwhile; nothing was changed." : done;
    }
}
