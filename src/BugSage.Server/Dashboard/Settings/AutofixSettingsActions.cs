using System.Globalization;
using BugSage.Core.Analysis;
using BugSage.Core.Analysis.Source;
using BugSage.Server.AiModels;
using BugSage.Server.Auth;
using BugSage.Server.AutofixPolicies;
using BugSage.Server.Dashboard.Account;
using BugSage.Server.Operations;
using BugSage.Server.Projects;
using BugSage.Server.Repositories;
using Microsoft.AspNetCore.Mvc;

namespace BugSage.Server.Dashboard.Settings;

/// <summary>
/// The autofix settings page's forms: link, change and unlink a project's repositories, add,
/// switch on or off and remove the organization's models, and change its autofix policy. Each
/// reads the form, runs one operation (permissions, validation, encryption of secrets, audit)
/// and returns to the page, with the reason when it was refused.
/// </summary>
public static class AutofixSettingsActions
{
    public static WebApplication MapAutofixSettingsActions(this WebApplication app)
    {
        var group = app.MapGroup("/dashboard").RequireAuthorization(DashboardAuth.Policy).ExcludeFromDescription();
        group.MapPost("/projects/{projectId:long}/repositories", LinkAsync);
        group.MapPost("/projects/{projectId:long}/repositories/{repositoryId:long}", ChangeRepositoryAsync);
        group.MapPost("/projects/{projectId:long}/repositories/{repositoryId:long}/unlink", async (long projectId, long repositoryId, AccessScope actor,
            RepositoryOperations repositories, CancellationToken ct) =>
            (await repositories.DeleteAsync(actor, projectId, repositoryId, ct)).ToForm(Page(projectId)));
        group.MapPost("/projects/{projectId:long}/models", AddModelAsync);
        group.MapPost("/projects/{projectId:long}/models/{modelId:long}", ModelAsync);
        group.MapPost("/projects/{projectId:long}/autofix-policy", PolicyAsync);
        return app;
    }

    /// <summary>The repository forms' fields.</summary>
    private sealed record RepositoryForm([FromForm] string? Name, [FromForm] string? Source, [FromForm] string? Branch, [FromForm] string? RestoreCommand,
        [FromForm] string? BuildCommand, [FromForm] string? TestCommand, [FromForm] string? MapFrom, [FromForm] string? MapTo, [FromForm] string? AccessToken,
        [FromForm] string? WebhookSecret, [FromForm] string? GitHubRepository, [FromForm] string? Remove);

    /// <summary>The model form's fields.</summary>
    private sealed record ModelForm([FromForm] string? Name, [FromForm] string? Provider, [FromForm] string? Endpoint, [FromForm] string? Model,
        [FromForm] string? ApiKey, [FromForm] string? InputPricePer1k, [FromForm] string? OutputPricePer1k);

    /// <summary>The policy form's fields; the ticked agents are read from the form itself.</summary>
    private sealed record PolicyForm([FromForm] int? Version, [FromForm] bool? Enabled, [FromForm] string? AutomationCeiling, [FromForm] string? AnalysisFloor,
        [FromForm] string? CodeChangeFloor, [FromForm] string? PullRequestFloor, [FromForm] int? MinimumEvents, [FromForm] int? MaxAutomaticRunsPerHour,
        [FromForm] bool? RequireValidation, [FromForm] string? Approvers);

    private static string Page(long projectId) => $"/projects/{projectId}/settings/autofix";

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static async Task<IResult> LinkAsync(long projectId, [AsParameters] RepositoryForm form, AccessScope actor, ProjectAccess access, RepositoryOperations repositories,
        Hosting.PublicUrl publicUrl, HttpRequest http, CancellationToken ct)
    {
        // Another tenant's project is not found, whatever the form holds.
        if (!await access.SeesProjectAsync(actor, projectId, ct)) return Results.NotFound();
        // One source field: a path on this server, or anything else as a git URL (the operation checks both).
        var where = Text(form.Source);
        var isPath = where is not null && Path.IsPathRooted(where);
        var request = new RepositoryRequest(Text(form.Name) ?? "", isPath ? null : where, isPath ? where : null, Text(form.Branch), Text(form.BuildCommand), Text(form.TestCommand),
            Text(form.MapFrom) is { } from ? [new PathMapping(from, form.MapTo?.Trim() ?? "")] : [], Text(form.AccessToken), Text(form.WebhookSecret),
            Text(form.GitHubRepository), Text(form.RestoreCommand));
        var result = FormAnswers.Invalid<RepositoryDto>(request) ?? await repositories.CreateAsync(actor, projectId, request, publicUrl.Resolve(http), ct);
        return result.ToForm(Page(projectId));
    }

    private static async Task<IResult> ChangeRepositoryAsync(long projectId, long repositoryId, [AsParameters] RepositoryForm form, AccessScope actor, ProjectAccess access,
        RepositoryOperations repositories, Hosting.PublicUrl publicUrl, HttpRequest http, CancellationToken ct)
    {
        if (!await access.SeesProjectAsync(actor, projectId, ct)) return Results.NotFound();
        // Blank fields leave things as they are; the remove buttons clear a secret.
        var change = new RepositoryChange(
            form.Remove == "accessToken" ? "" : Text(form.AccessToken), form.Remove == "webhookSecret" ? "" : Text(form.WebhookSecret), Text(form.BuildCommand), Text(form.TestCommand),
            RestoreCommand: Text(form.RestoreCommand));
        var result = FormAnswers.Invalid<RepositoryDto>(change) ?? await repositories.ChangeAsync(actor, projectId, repositoryId, change, publicUrl.Resolve(http), ct);
        return result.ToForm(Page(projectId));
    }

    private static async Task<IResult> AddModelAsync(long projectId, [AsParameters] ModelForm form, AccessScope actor, ProjectOperations projects, AiModelOperations models,
        CancellationToken ct)
    {
        if ((await projects.GetAsync(actor, projectId, ct)).Value is not { } project) return Results.NotFound();
        var request = new AiModelRequest(Text(form.Name), Text(form.Provider), Text(form.Endpoint), Text(form.Model), Text(form.ApiKey), null, null,
            Price(form.InputPricePer1k), Price(form.OutputPricePer1k), null, true);
        var result = FormAnswers.Invalid<AiModelDto>(request) ?? await models.CreateAsync(actor, project.OrganizationId, request, ct);
        return result.ToForm(Page(projectId));
    }

    private static decimal? Price(string? value) => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var price) ? price : null;

    private static async Task<IResult> ModelAsync(long projectId, long modelId, [FromForm] string? action, AccessScope actor, ProjectOperations projects, AiModelOperations models,
        CancellationToken ct)
    {
        if ((await projects.GetAsync(actor, projectId, ct)).Value is not { } project) return Results.NotFound();
        return action switch
        {
            "remove" => (await models.DeleteAsync(actor, project.OrganizationId, modelId, ct)).ToForm(Page(projectId)),
            "enable" or "disable" => (await models.ChangeAsync(actor, project.OrganizationId, modelId,
                new AiModelRequest(null, null, null, null, null, null, null, null, null, null, action == "enable"), ct)).ToForm(Page(projectId)),
            _ => Results.NotFound(),
        };
    }

    private static async Task<IResult> PolicyAsync(long projectId, [AsParameters] PolicyForm form, AccessScope actor, ProjectOperations projects,
        AutofixPolicyOperations policies, HttpRequest http, CancellationToken ct)
    {
        if ((await projects.GetAsync(actor, projectId, ct)).Value is not { } project) return Results.NotFound();
        static double Floor(string? value) => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var floor) ? floor : double.NaN;
        var policy = new AutofixPolicy
        {
            Enabled = form.Enabled == true, AutomationCeiling = form.AutomationCeiling ?? "", AnalysisFloor = Floor(form.AnalysisFloor), CodeChangeFloor = Floor(form.CodeChangeFloor),
            PullRequestFloor = Floor(form.PullRequestFloor), MinimumEvents = form.MinimumEvents ?? 0, MaxAutomaticRunsPerHour = form.MaxAutomaticRunsPerHour ?? -1,
            RequireValidation = form.RequireValidation == true, Approvers = form.Approvers ?? "",
            // Checkboxes: one field per ticked agent (string[] does not bind from forms here).
            EnabledAgents = [.. (await http.ReadFormAsync(ct))["enabledAgents"].OfType<string>()],
        };
        var ifMatch = form.Version is { } v ? AutofixPolicyOperations.ETag(v) : "";
        return (await policies.SaveAsync(actor, project.OrganizationId, policy, ifMatch, ct)).ToForm(Page(projectId));
    }
}
