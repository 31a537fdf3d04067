using System.Globalization;
using System.Security.Claims;
using BugSage.Core.Analysis;
using BugSage.Core.Analysis.Source;
using BugSage.Core.Data;
using BugSage.Core.Outbound;
using BugSage.Core.Security;
using BugSage.Server.Api;
using BugSage.Server.Auth;
using BugSage.Server.Dashboard.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BugSage.Server.Dashboard.Settings;

/// <summary>
/// The autofix settings page's forms: link, change and unlink a project's repositories, add,
/// switch on or off and remove the organization's models, and change its autofix policy. Each runs
/// the API's own operation (permissions, validation, encryption of secrets, audit) and returns to
/// the page, with the reason when it was refused.
/// </summary>
public static class AutofixSettingsActions
{
    public static WebApplication MapAutofixSettingsActions(this WebApplication app)
    {
        var group = app.MapGroup("/dashboard").RequireAuthorization(DashboardAuth.Policy).ExcludeFromDescription();
        group.MapPost("/projects/{projectId:long}/repositories", LinkAsync);
        group.MapPost("/projects/{projectId:long}/repositories/{repositoryId:long}", ChangeRepositoryAsync);
        group.MapPost("/projects/{projectId:long}/repositories/{repositoryId:long}/unlink", async (long projectId, long repositoryId, AccessScope scope, AppDbContext db,
            AuditLog audit, Core.Analysis.Source.SourceResolver sources, ILogger<Core.Analysis.Source.LinkedRepository> logger, CancellationToken ct) =>
            DashboardActions.Outcome(await RepositoriesApi.Delete(projectId, repositoryId, scope, db, audit, sources, logger, ct), Page(projectId)));
        group.MapPost("/projects/{projectId:long}/models", AddModelAsync);
        group.MapPost("/projects/{projectId:long}/models/{modelId:long}", ModelAsync);
        group.MapPost("/projects/{projectId:long}/autofix-policy", PolicyAsync);
        return app;
    }

    private static string Page(long projectId) => $"/projects/{projectId}/settings/autofix";

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static async Task<IResult> LinkAsync(long projectId, [FromForm] string? name, [FromForm] string? source, [FromForm] string? branch, [FromForm] string? restoreCommand,
        [FromForm] string? buildCommand, [FromForm] string? testCommand, [FromForm] string? mapFrom, [FromForm] string? mapTo, [FromForm] string? accessToken, [FromForm] string? webhookSecret,
        [FromForm] string? gitHubRepository, AccessScope scope, AppDbContext db, AuditLog audit, SecretProtector secrets, ServerPathPolicy serverPaths, OutboundPolicy outbound,
        Hosting.PublicUrl publicUrl, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        // Another tenant's project is not found, whatever the form holds.
        if (await scope.ProjectAsync(projectId, ct) is null) return Results.NotFound();
        // One source field: a path on this server, or anything else as a git URL (the API checks both).
        var where = Text(source);
        var isPath = where is not null && Path.IsPathRooted(where);
        var request = new RepositoriesApi.RepositoryRequest(Text(name) ?? "", isPath ? null : where, isPath ? where : null, Text(branch), Text(buildCommand), Text(testCommand),
            Text(mapFrom) is { } from ? [new PathMapping(from, mapTo?.Trim() ?? "")] : [], Text(accessToken), Text(webhookSecret), Text(gitHubRepository), Text(restoreCommand));
        if (DashboardActions.Invalid(request) is { Count: > 0 } invalid) return DashboardActions.Outcome(TypedResults.ValidationProblem(invalid), Page(projectId));
        return DashboardActions.Outcome(await RepositoriesApi.Create(projectId, request, scope, db, audit, secrets, serverPaths, outbound, publicUrl, http, clock, ct), Page(projectId));
    }

    private static async Task<IResult> ChangeRepositoryAsync(long projectId, long repositoryId, [FromForm] string? accessToken, [FromForm] string? webhookSecret,
        [FromForm] string? restoreCommand, [FromForm] string? buildCommand, [FromForm] string? testCommand, [FromForm] string? remove, AccessScope scope, AppDbContext db, AuditLog audit, SecretProtector secrets,
        Hosting.PublicUrl publicUrl, HttpContext http, CancellationToken ct)
    {
        if (await scope.ProjectAsync(projectId, ct) is null) return Results.NotFound();
        // Blank fields leave things as they are; the remove buttons clear a secret.
        var change = new RepositoriesApi.RepositoryChange(
            remove == "accessToken" ? "" : Text(accessToken), remove == "webhookSecret" ? "" : Text(webhookSecret), Text(buildCommand), Text(testCommand),
            RestoreCommand: Text(restoreCommand));
        if (DashboardActions.Invalid(change) is { Count: > 0 } invalid) return DashboardActions.Outcome(TypedResults.ValidationProblem(invalid), Page(projectId));
        return DashboardActions.Outcome(await RepositoriesApi.Change(projectId, repositoryId, change, scope, db, audit, secrets, publicUrl, http, ct), Page(projectId));
    }

    private static async Task<IResult> AddModelAsync(long projectId, [FromForm] string? name, [FromForm] string? provider, [FromForm] string? endpoint, [FromForm] string? model,
        [FromForm] string? apiKey, [FromForm] string? inputPricePer1k, [FromForm] string? outputPricePer1k, AccessScope scope, AppDbContext db, SecretProtector secrets,
        OutboundPolicy outbound, AuditLog audit, DashboardStatsApi.StatsCache stats, TimeProvider clock, CancellationToken ct)
    {
        if (await scope.ProjectAsync(projectId, ct) is not { } project) return Results.NotFound();
        var request = new AiModelsApi.AiModelRequest(Text(name), Text(provider), Text(endpoint), Text(model), Text(apiKey), null, null,
            Price(inputPricePer1k), Price(outputPricePer1k), null, true);
        if (DashboardActions.Invalid(request) is { Count: > 0 } invalid) return DashboardActions.Outcome(TypedResults.ValidationProblem(invalid), Page(projectId));
        return DashboardActions.Outcome(await AiModelsApi.Create(project.OrganizationId, request, scope, db, secrets, outbound, audit, stats, clock, ct), Page(projectId));
    }

    private static decimal? Price(string? value) => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var price) ? price : null;

    private static async Task<IResult> ModelAsync(long projectId, long modelId, [FromForm] string? action, AccessScope scope, AppDbContext db, SecretProtector secrets,
        OutboundPolicy outbound, AuditLog audit, DashboardStatsApi.StatsCache stats, CancellationToken ct)
    {
        if (await scope.ProjectAsync(projectId, ct) is not { } project) return Results.NotFound();
        var result = action switch
        {
            "remove" => await AiModelsApi.Delete(project.OrganizationId, modelId, scope, db, audit, stats, ct),
            "enable" or "disable" => await AiModelsApi.Change(project.OrganizationId, modelId,
                new AiModelsApi.AiModelRequest(null, null, null, null, null, null, null, null, null, null, action == "enable"), scope, db, secrets, outbound, audit, stats, ct),
            _ => Results.NotFound(),
        };
        return DashboardActions.Outcome(result, Page(projectId));
    }

    private static async Task<IResult> PolicyAsync(long projectId, [FromForm] int? version, [FromForm] bool? enabled, [FromForm] string? automationCeiling,
        [FromForm] string? analysisFloor, [FromForm] string? codeChangeFloor, [FromForm] string? pullRequestFloor, [FromForm] int? minimumEvents,
        [FromForm] int? maxAutomaticRunsPerHour, [FromForm] bool? requireValidation, [FromForm] string? approvers,
        AccessScope scope, AppDbContext db, AuditLog audit, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (await scope.ProjectAsync(projectId, ct) is not { } project) return Results.NotFound();
        static double Floor(string? value) => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var floor) ? floor : double.NaN;
        var policy = new AutofixPolicy
        {
            Enabled = enabled == true, AutomationCeiling = automationCeiling ?? "", AnalysisFloor = Floor(analysisFloor), CodeChangeFloor = Floor(codeChangeFloor),
            PullRequestFloor = Floor(pullRequestFloor), MinimumEvents = minimumEvents ?? 0, MaxAutomaticRunsPerHour = maxAutomaticRunsPerHour ?? -1,
            RequireValidation = requireValidation == true, Approvers = approvers ?? "",
            // Checkboxes: one field per ticked agent (string[] does not bind from forms here).
            EnabledAgents = [.. (await http.Request.ReadFormAsync(ct))["enabledAgents"].OfType<string>()],
        };
        var by = http.User.FindFirstValue(JwtRegisteredClaimNames.Email) ?? "unknown";
        return DashboardActions.Outcome(await AutofixPolicyApi.SaveAsync(project.OrganizationId, policy, version is { } v ? AutofixPolicyApi.ETag(v) : "", scope, db, audit, clock, by, ct), Page(projectId));
    }
}
