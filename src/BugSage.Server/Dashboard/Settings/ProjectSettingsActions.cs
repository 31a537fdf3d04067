using BugSage.Server.Auth;
using BugSage.Server.Operations;
using BugSage.Server.Dashboard.Account;
using BugSage.Server.Organizations;
using BugSage.Server.Projects;
using BugSage.Server.Tokens;
using Microsoft.AspNetCore.Mvc;

namespace BugSage.Server.Dashboard.Settings;

/// <summary>
/// The settings pages' form posts: create a project, rotate or revoke a DSN key, change grouping
/// and scrubbing, set event retention, revoke an API token, change or remove a member. Each runs one operation and
/// returns to the page, with the reason when it was refused.
/// </summary>
public static class ProjectSettingsActions
{
    public static WebApplication MapProjectSettingsActions(this WebApplication app)
    {
        var group = app.MapGroup("/dashboard").RequireAuthorization(DashboardAuth.Policy).ExcludeFromDescription();
        group.MapPost("/projects", CreateProjectAsync);
        group.MapPost("/projects/{projectId:long}/keys/{keyId:long}", KeyAsync);
        group.MapPost("/projects/{projectId:long}/settings", SettingsAsync);
        group.MapPost("/tokens/{tokenId:long}/revoke", async (long tokenId, AccessScope actor, TokenOperations tokens, CancellationToken ct) =>
            (await tokens.RevokeAsync(actor, tokenId, ct)).ToForm("/settings/tokens"));
        group.MapPost("/organizations/{orgId:long}/members/{userId:long}", MemberAsync);
        return app;
    }

    private static string Page(long projectId) => $"/projects/{projectId}/settings";

    private static async Task<IResult> CreateProjectAsync([FromForm] long organizationId, [FromForm] string? name, AccessScope actor, ProjectAccess access, ProjectOperations projects, CancellationToken ct)
    {
        if (!await access.IsMemberAsync(actor, organizationId, ct)) return Results.NotFound();
        var current = (await projects.ListAsync(actor, 100, null, ct)).Value?.Items.FirstOrDefault(p => p.OrganizationId == organizationId);
        var back = current is { } p ? Page(p.Id) : "/";
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100) return FormAnswers.Back(back, "A project needs a name of 1 to 100 characters.");
        return (await projects.CreateAsync(actor, organizationId, name, null, ct)).ToForm(back,
            created => $"{Page(created.Id)}?done={Uri.EscapeDataString($"Created {created.Name}. Its DSN is below.")}");
    }

    private static async Task<IResult> KeyAsync(long projectId, long keyId, [FromForm] string? action, AccessScope actor, ProjectAccess access, ProjectKeyOperations keys,
        Hosting.PublicUrl publicUrl, HttpRequest request, CancellationToken ct)
    {
        var back = Page(projectId);
        return action switch
        {
            "rotate" => (await keys.RotateAsync(actor, projectId, keyId, publicUrl.Resolve(request), ct))
                .ToForm(back, _ => $"{back}?done={Uri.EscapeDataString("Rotated: the old DSN no longer works; use the new one.")}"),
            "revoke" => (await keys.RevokeAsync(actor, projectId, keyId, ct))
                .ToForm(back, _ => $"{back}?done={Uri.EscapeDataString("Revoked: SDKs using that DSN are refused.")}"),
            _ => await access.SeesProjectAsync(actor, projectId, ct) ? FormAnswers.Back(back, "Unknown action.") : Results.NotFound(),
        };
    }

    /// <summary>The settings forms' fields: each form sends its own, and <c>Section</c> says which form it was.</summary>
    private sealed record SettingsForm([FromForm] string? Section, [FromForm] string? FingerprintRules, [FromForm] string? SensitiveFields,
        [FromForm] string? SafeFields, [FromForm] bool? ScrubIpAddresses, [FromForm] string? EventRetentionDays, [FromForm] bool? HandOffLocalVariables);

    private static async Task<IResult> SettingsAsync(long projectId, [AsParameters] SettingsForm form, AccessScope actor, ProjectAccess access, ProjectOperations projects,
        CancellationToken ct)
    {
        var back = Page(projectId);
        // Each form sends its own fields; an unticked checkbox sends nothing, so the section says which form it was.
        var change = form.Section switch
        {
            "grouping" => new ProjectSettingsChange(null, form.FingerprintRules ?? "", null, null, null),
            "scrubbing" => new ProjectSettingsChange(null, null, form.SensitiveFields ?? "", form.SafeFields ?? "", form.ScrubIpAddresses ?? false,
                HandOffLocalVariables: form.HandOffLocalVariables ?? false),
            // Not a number is sent on as 0, which the operation refuses with the allowed range.
            "retention" => new ProjectSettingsChange(null, null, null, null, null, int.TryParse(form.EventRetentionDays, out var days) ? days : 0),
            _ => null,
        };
        if (change is null) return await access.SeesProjectAsync(actor, projectId, ct) ? FormAnswers.Back(back, "Unknown settings form.") : Results.NotFound();
        return (await projects.UpdateSettingsAsync(actor, projectId, change, ct)).ToForm(back, _ => $"{back}?done={Uri.EscapeDataString("Saved. New events follow the new settings.")}");
    }

    private static async Task<IResult> MemberAsync(long orgId, long userId, [FromForm] string? action, [FromForm] string? role, [FromForm] string? returnUrl,
        AccessScope actor, ProjectAccess access, OrganizationOperations orgs, CancellationToken ct)
    {
        var back = AccountEndpoints.LocalPath(returnUrl);
        if (!await access.IsMemberAsync(actor, orgId, ct)) return Results.NotFound();
        var done = back + (back.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "done=";
        return action switch
        {
            "role" => (await orgs.ChangeRoleAsync(actor, orgId, userId, role ?? "", ct)).ToForm(back, _ => done + Uri.EscapeDataString("Role changed.")),
            "remove" => (await orgs.RemoveAsync(actor, orgId, userId, ct)).ToForm(back, _ => done + Uri.EscapeDataString("Removed.")),
            _ => FormAnswers.Back(back, "Not allowed."),
        };
    }
}
