using System.Net.Mail;
using BugSage.Core.Accounts;
using BugSage.Core.Alerts;
using BugSage.Core.Alerts.Delivery;
using BugSage.Core.Data;
using BugSage.Core.Outbound;
using BugSage.Core.Security;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Alerts;

/// <summary>
/// A project's delivery targets. Project readers list them (to choose one in a rule); only
/// organization admins add, change, test or remove them, since they hold credentials. URLs and
/// secrets are sealed with Data Protection and never answered back.
/// </summary>
public sealed class IntegrationOperations(InputValidation inputs, AppDbContext db, ProjectAccess access, AuditLog audit, TimeProvider clock, SecretProtector secrets, OutboundPolicy outbound,
    IOptions<Core.Configuration.AlertOptions> options, DeliveryWorker worker)
{
    private const int MaxRecipients = 20;

    public async Task<OperationResult<List<IntegrationDto>>> ListAsync(AccessScope actor, long projectId, CancellationToken ct)
    {
        var (project, refusal) = await access.CheckAsync(actor, projectId, Permission.ProjectRead, ct);
        if (project is null) return new(refusal);
        var rows = await db.AlertIntegrations.AsNoTracking().Where(i => i.ProjectId == projectId).OrderBy(i => i.Id).ToListAsync(ct);
        return Operation.Ok(rows.Select(i => IntegrationDto.From(i)).ToList());
    }

    /// <summary>
    /// The integrations among <paramref name="ids"/> (a schedule's targets, at most a schedule's worth) in projects
    /// <paramref name="actor"/> reads, wherever in the organization they are; ids of other projects are left out.
    /// </summary>
    public async Task<List<IntegrationDto>> ReadableAmongAsync(AccessScope actor, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var projects = await access.ReadableProjectsAsync(actor, ct);
        var rows = await db.AlertIntegrations.AsNoTracking().Where(i => ids.Contains(i.Id) && projects.Any(p => p.Id == i.ProjectId)).OrderBy(i => i.Id).ToListAsync(ct);
        return rows.Select(i => IntegrationDto.From(i)).ToList();
    }

    public async Task<OperationResult<IntegrationDto>> GetAsync(AccessScope actor, long projectId, long integrationId, CancellationToken ct)
    {
        var (project, refusal) = await access.CheckAsync(actor, projectId, Permission.ProjectRead, ct);
        if (project is null) return new(refusal);
        var row = await db.AlertIntegrations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == integrationId && i.ProjectId == projectId, ct);
        return row is null ? Operation.NotFound<IntegrationDto>() : Operation.Ok(IntegrationDto.From(row));
    }

    public async Task<OperationResult<IntegrationDto>> CreateAsync(AccessScope actor, long projectId, IntegrationInput input, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(input, ct) is { } problems) return Operation.Invalid<IntegrationDto>(problems);
        var (project, refusal) = await access.CheckAsync(actor, projectId, Permission.OrgAdmin, ct);
        if (project is null) return new(refusal);
        if (input.Kind is not { } kind || !IntegrationKinds.All.Contains(kind))
            return Operation.Invalid<IntegrationDto>("kind", "one of " + string.Join(", ", IntegrationKinds.All));
        if (string.IsNullOrWhiteSpace(input.Name)) return Operation.Invalid<IntegrationDto>("name", "required");
        var slackBot = kind == IntegrationKinds.Slack && input.BotToken is not null;
        if (IntegrationKinds.UsesUrl(kind) && input.Url is null && !slackBot)
            return Operation.Invalid<IntegrationDto>("url", kind == IntegrationKinds.Slack ? "required, or botToken, channel and signingSecret for a Slack app" : "required");
        if (slackBot && (input.Channel is null || input.SigningSecret is null))
            return Operation.Invalid<IntegrationDto>("channel", "a Slack app needs botToken, channel and signingSecret");
        if (kind == IntegrationKinds.Email && input.Recipients is not { Count: > 0 }) return Operation.Invalid<IntegrationDto>("recipients", "at least one address");
        var integration = new AlertIntegration
        {
            ProjectId = projectId, OrganizationId = project.OrganizationId, Kind = kind, Name = input.Name.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        // A generic webhook is always signed, and a tracker's webhook always checked: a secret the caller gave, or one made now and shown once.
        var change = (kind == IntegrationKinds.Webhook || IntegrationKinds.IsTracker(kind)) && input.Secret is null ? input with { Secret = "" } : input;
        var (invalid, shownSecret) = await ApplyAsync(integration, change with { Paused = null }, creating: true, ct);
        if (invalid is not null) return invalid;
        db.AlertIntegrations.Add(integration);
        audit.Record("integration.created", project.OrganizationId, target: $"{project.Slug}/{integration.Name}", details: new { integration.Kind, integration.UrlHost });
        await db.SaveChangesAsync(ct);
        return Operation.Created(IntegrationDto.From(integration, shownSecret));
    }

    public async Task<OperationResult<IntegrationDto>> UpdateAsync(AccessScope actor, long projectId, long integrationId, IntegrationInput input, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(input, ct) is { } problems) return Operation.Invalid<IntegrationDto>(problems);
        var (project, integration, refusal) = await FindAsync(actor, projectId, integrationId, ct);
        if (integration is null) return new(refusal);
        if (input.Kind is { } kind && kind != integration.Kind) return Operation.Invalid<IntegrationDto>("kind", "cannot be changed; add another integration");
        var (invalid, shownSecret) = await ApplyAsync(integration, input, creating: false, ct);
        if (invalid is not null) return invalid;
        audit.Record("integration.changed", project.OrganizationId, target: $"{project.Slug}/{integration.Name}",
            details: new { url = input.Url is null ? null : "changed", secret = input.Secret is null ? null : "changed", token = input.Token is null ? null : "changed", input.Recipients, input.Paused });
        await db.SaveChangesAsync(ct);
        return Operation.Ok(IntegrationDto.From(integration, shownSecret));
    }

    public async Task<OperationResult<bool>> DeleteAsync(AccessScope actor, long projectId, long integrationId, CancellationToken ct)
    {
        var (project, integration, refusal) = await FindAsync(actor, projectId, integrationId, ct);
        if (integration is null) return new(refusal);
        db.AlertIntegrations.Remove(integration);
        audit.Record("integration.deleted", project.OrganizationId, target: $"{project.Slug}/{integration.Name}");
        await db.SaveChangesAsync(ct);
        return Operation.Ok(true);
    }

    /// <summary>Queues a test notification to the target through the outbox, like any firing; answers the delivery to follow.</summary>
    public async Task<OperationResult<long>> TestAsync(AccessScope actor, long projectId, long integrationId, CancellationToken ct)
    {
        var (project, integration, refusal) = await FindAsync(actor, projectId, integrationId, ct);
        if (integration is null) return new(refusal);
        if (IntegrationKinds.IsTracker(integration.Kind))
            return Operation.Invalid<long>("kind", "an issue tracker is not an alert target; create or link an issue from an issue's page to try it");
        var reason = $"a test notification sent to {integration.Name}";
        var delivery = TestNotifications.Queue(db, project, reason, clock.GetUtcNow().UtcDateTime, options.Value.GiveUpAfterHours, null,
            [new TestNotifications.Target(integration.Kind, integration.Id, null)]).Single();
        audit.Record("integration.tested", project.OrganizationId, target: $"{project.Slug}/{integration.Name}");
        await db.SaveChangesAsync(ct);
        worker.Wake();
        return Operation.Created(delivery.Id);
    }

    private async Task<(Core.Projects.Project Project, AlertIntegration? Integration, OperationStatus Refusal)> FindAsync(AccessScope actor, long projectId, long integrationId, CancellationToken ct)
    {
        var (project, refusal) = await access.CheckAsync(actor, projectId, Permission.ProjectRead, ct);
        var integration = project is null ? null : await db.AlertIntegrations.FirstOrDefaultAsync(i => i.Id == integrationId && i.ProjectId == projectId, ct);
        if (project is null || integration is null) return (null!, null, project is null ? refusal : OperationStatus.NotFound);
        if (!await access.CanAsync(actor, project.OrganizationId, Permission.OrgAdmin, ct)) return (project, null, OperationStatus.Forbidden);
        return (project, integration, OperationStatus.Ok);
    }

    /// <summary>Applies what the input gives; a problem, or the secret to show once when one was made or set.</summary>
    private async Task<(OperationResult<IntegrationDto>? Invalid, string? ShownSecret)> ApplyAsync(AlertIntegration integration, IntegrationInput input, bool creating, CancellationToken ct)
    {
        static OperationResult<IntegrationDto> Invalid(string field, string problem) => Operation.Invalid<IntegrationDto>(field, problem);
        string? shown = null;
        if (input.Name is { } name)
        {
            if (string.IsNullOrWhiteSpace(name)) return (Invalid("name", "1 to 200 characters"), null);
            integration.Name = name.Trim();
        }
        if (input.Url is { } url)
        {
            if (!IntegrationKinds.UsesUrl(integration.Kind)) return (Invalid("url", $"not used by {integration.Kind}"), null);
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.UserInfo))
                return (Invalid("url", "an absolute https (or http) URL without credentials"), null);
            // Checked again at every connection; this only turns away at once what can never be reached.
            if (await outbound.RefusalAsync(uri.Host, ct) is { } refused) return (Invalid("url", $"{uri.Host}: {refused}"), null);
            integration.UrlProtected = secrets.Protect(url);
            integration.UrlHost = uri.Host;
        }
        if (input.Secret is { } secret)
        {
            if (IntegrationKinds.IsTracker(integration.Kind))
            {
                if (secret.Length is > 0 and < 16) return (Invalid("secret", "at least 16 characters, or empty for a new one"), null);
                shown = secret.Length == 0 ? TrackerIntegrationInput.NewWebhookSecret() : secret;
            }
            else
            {
                if (integration.Kind != IntegrationKinds.Webhook) return (Invalid("secret", "only generic webhooks are signed"), null);
                if (secret.Length > 0 && !StandardWebhook.IsValidSecret(secret)) return (Invalid("secret", "whsec_ followed by the base64 of 16 to 64 bytes"), null);
                shown = secret.Length == 0 ? StandardWebhook.NewSecret() : secret;
                // The old secret keeps signing beside the new one for a while, so that receivers can switch without losing deliveries.
                var overlap = options.Value.SecretOverlapHours;
                integration.PreviousSecretProtected = overlap > 0 ? integration.SecretProtected : null;
                integration.PreviousSecretExpiresAt = overlap > 0 && integration.SecretProtected is not null ? clock.GetUtcNow().UtcDateTime.AddHours(overlap) : null;
            }
            integration.SecretProtected = secrets.Protect(shown);
        }
        if (input.BotToken is not null || input.Channel is not null || input.SigningSecret is not null)
        {
            if (integration.Kind != IntegrationKinds.Slack) return (Invalid("botToken", $"not used by {integration.Kind}"), null);
            if (input.BotToken is { } token)
            {
                if (!token.StartsWith("xoxb-", StringComparison.Ordinal) || token.Length < 20 || token.Any(char.IsWhiteSpace))
                    return (Invalid("botToken", "a Slack bot token (xoxb-…)"), null);
                integration.TokenProtected = secrets.Protect(token);
                // An app replaces an incoming webhook: one target, one way to reach it.
                integration.UrlProtected = null;
                integration.UrlHost = new Uri(options.Value.SlackApiUrl).Host;
            }
            if (integration.TokenProtected is null) return (Invalid("botToken", "required with channel and signingSecret"), null);
            if (input.Channel is { } channel)
            {
                if (channel.Trim().Length is 0 or > 80 || channel.Trim().Any(char.IsWhiteSpace)) return (Invalid("channel", "a channel id (C0123ABCD) or #name"), null);
                integration.SlackChannel = channel.Trim();
            }
            if (input.SigningSecret is { } signing)
            {
                if (signing.Length is < 16 or > 200 || !signing.All(char.IsAsciiLetterOrDigit)) return (Invalid("signingSecret", "the app's signing secret (letters and digits)"), null);
                integration.SlackSigningSecretProtected = secrets.Protect(signing);
            }
        }
        else if (input.Url is not null && integration.Kind == IntegrationKinds.Slack)
        {
            // Back to an incoming webhook: the app's credentials are dropped, not kept unused.
            (integration.TokenProtected, integration.SlackChannel, integration.SlackSigningSecretProtected) = (null, null, null);
        }
        if (IntegrationKinds.IsTracker(integration.Kind))
        {
            if (await TrackerIntegrationInput.ApplyAsync(integration, input, creating, secrets, outbound, ct) is { } problem) return (Invalid(problem.Field, problem.Problem), null);
        }
        else if ((input.BaseUrl ?? input.Repository ?? input.Token ?? input.Email ?? input.Flavor ?? input.ProjectKey ?? input.IssueType ?? input.DoneTransition ?? input.ReopenTransition) is not null
                 || input.Priorities is not null || input.CloseOnResolve is not null)
        {
            return (Invalid("kind", $"issue-tracker settings do not apply to {integration.Kind}"), null);
        }
        if (input.Recipients is { } recipients)
        {
            if (integration.Kind != IntegrationKinds.Email) return (Invalid("recipients", $"not used by {integration.Kind}"), null);
            if (recipients.Count is 0 or > MaxRecipients || recipients.Any(r => !MailAddress.TryCreate(r, out var a) || a.Address != r.Trim() || r.Contains(',')))
                return (Invalid("recipients", $"1 to {MaxRecipients} email addresses"), null);
            integration.Recipients = string.Join(",", recipients.Select(r => r.Trim()));
        }
        if (input.Paused is { } paused)
        {
            integration.Paused = paused;
            integration.PausedReason = paused ? "paused by a person" : null;
            integration.PausedAt = paused ? clock.GetUtcNow().UtcDateTime : null;
            if (!paused) integration.ConsecutiveFailures = 0;
        }
        return (null, shown);
    }
}
