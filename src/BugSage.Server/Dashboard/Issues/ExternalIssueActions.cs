using BugSage.Server.Auth;
using BugSage.Server.Issues;
using BugSage.Server.IssueTrackers;
using Microsoft.AspNetCore.Mvc;

namespace BugSage.Server.Dashboard.Issues;

/// <summary>
/// The issue page's tracker forms: create or link a GitHub or Jira issue, unlink one. Each runs one
/// <see cref="ExternalIssueOperations"/> call and sends the browser back to the issue's trackers panel.
/// </summary>
public static class ExternalIssueActions
{
    public static WebApplication MapExternalIssueActions(this WebApplication app)
    {
        var group = app.MapGroup("/dashboard/issues/{issueId:long}/external-issues").RequireAuthorization(DashboardAuth.Policy).ExcludeFromDescription();
        group.MapPost("/", CreateAsync);
        group.MapPost("/{linkId:long}/unlink", UnlinkAsync);
        return app;
    }

    /// <summary>One form, two buttons: "link" with the key typed, else create (a key typed and then "create" pressed is not meant).</summary>
    private static async Task<IResult> CreateAsync(long issueId, [FromForm] long? integrationId, [FromForm] string? key, [FromForm] string? link, AccessScope actor,
        IssueOperations issues, ExternalIssueOperations links, CancellationToken ct)
    {
        if (await PanelOfAsync(actor, issues, issueId, ct) is not { } back) return Results.NotFound();
        if (link is not null && string.IsNullOrWhiteSpace(key)) return FormAnswers.Back(back, "Type the number or key of the issue to link.");
        var input = new ExternalIssueInput(integrationId, link is null ? null : key!.Trim());
        if (input.Key is { Length: > 100 }) return FormAnswers.Back(back, "An issue number or key has at most 100 characters.");
        return (await links.CreateAsync(actor, issueId, input, ct)).ToForm(back, _ => back);
    }

    private static async Task<IResult> UnlinkAsync(long issueId, long linkId, AccessScope actor, IssueOperations issues, ExternalIssueOperations links, CancellationToken ct)
    {
        if (await PanelOfAsync(actor, issues, issueId, ct) is not { } back) return Results.NotFound();
        return (await links.UnlinkAsync(actor, issueId, linkId, ct)).ToForm(back, _ => back);
    }

    /// <summary>The issue page's trackers panel, when the actor can see the issue.</summary>
    private static async Task<string?> PanelOfAsync(AccessScope actor, IssueOperations issues, long issueId, CancellationToken ct) =>
        (await issues.GetAsync(actor, issueId, ct)).Value is { } issue ? $"/projects/{issue.ProjectId}/issues/{issue.Id}#trackers" : null;
}
