using System.ComponentModel.DataAnnotations;
using BugSage.Core;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Core.Grouping;
using BugSage.Core.Projects;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BugSage.Server.Api;

/// <summary>
/// A project's own settings: its name, fingerprint rules and data scrubbing. Changes apply from
/// the digest's next batch on.
/// </summary>
public static class ProjectSettingsApi
{
    public const int MaxRulesLength = 20_000;
    public const int MaxFieldsLength = 4_000;

    public sealed record ProjectSettingsDto(
        long Id, string Slug, string Name, long OrganizationId, string? Platform,
        string? FingerprintRules, string? SensitiveFields, string? SafeFields, bool ScrubIpAddresses);

    /// <summary>Only what is given changes; an empty string clears a text setting.</summary>
    public sealed record ProjectSettingsChange(
        [MaxLength(200)] string? Name, [MaxLength(MaxRulesLength)] string? FingerprintRules,
        [MaxLength(MaxFieldsLength)] string? SensitiveFields, [MaxLength(MaxFieldsLength)] string? SafeFields, bool? ScrubIpAddresses);

    public static WebApplication MapProjectSettingsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/projects/{projectId:long}").WithTags("Projects");
        group.MapGet("/", Get).WithName("GetProject").WithSummary("A project with its fingerprint rules and scrubbing settings");
        group.MapPatch("/", Update).WithName("UpdateProject").WithSummary("Change a project's name, fingerprint rules or scrubbing settings");
        return app;
    }

    private static async Task<Results<Ok<ProjectSettingsDto>, NotFound>> Get(long projectId, AccessScope scope, CancellationToken ct) =>
        await scope.ProjectAsync(projectId, ct) is { } project ? TypedResults.Ok(ToDto(project)) : TypedResults.NotFound();

    private static async Task<Results<Ok<ProjectSettingsDto>, NotFound, ForbidHttpResult, ValidationProblem>> Update(
        long projectId, ProjectSettingsChange change, AccessScope scope, AppDbContext db, AuditLog audit, CancellationToken ct)
    {
        var project = await scope.ProjectAsync(projectId, ct);
        if (project is null) return TypedResults.NotFound();
        if (!await scope.CanAsync(project.OrganizationId, Permission.ProjectWrite, ct)) return TypedResults.Forbid();
        if (await ApplyAsync(db, audit, project, change, ct) is { } errors) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(ToDto(project));
    }

    /// <summary>Validates and saves a change (the caller has checked permission); the errors by field when it is refused.</summary>
    internal static async Task<Dictionary<string, string[]>?> ApplyAsync(AppDbContext db, AuditLog audit, Project project, ProjectSettingsChange change, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (change.Name is { } name && (name.Trim().Length is 0 or > 200)) errors["name"] = ["a name has 1 to 200 characters"];
        if (change.FingerprintRules is { Length: > MaxRulesLength } || change.SensitiveFields is { Length: > MaxFieldsLength } || change.SafeFields is { Length: > MaxFieldsLength })
            errors["length"] = [$"rules are at most {MaxRulesLength:N0} characters, field lists {MaxFieldsLength:N0}"];
        // PostgreSQL refuses NUL in text: saved, it would fail every later write of the project.
        if (new[] { change.Name, change.FingerprintRules, change.SensitiveFields, change.SafeFields }.Any(s => s?.Contains('\0', StringComparison.Ordinal) == true))
            errors["text"] = ["settings cannot contain NUL characters"];
        var badRules = new List<string>();
        FingerprintRule.ParseAll(change.FingerprintRules, badRules);
        if (badRules.Count > 0)
            errors["fingerprintRules"] = [.. badRules.Take(20).Select(line => line.Length > FingerprintRule.MaxLineLength
                ? $"a rule is at most {FingerprintRule.MaxLineLength:N0} characters: {line.Truncate(80)}…"
                : $"not a rule (matchers -> fingerprint): {line}")];
        if (errors.Count > 0) return errors;

        if (change.Name is { } newName) project.Name = newName.Trim();
        if (change.FingerprintRules is { } rules) project.FingerprintRules = Blank(rules);
        if (change.SensitiveFields is { } sensitive) project.SensitiveFields = Blank(sensitive);
        if (change.SafeFields is { } safe) project.SafeFields = Blank(safe);
        if (change.ScrubIpAddresses is { } scrubIps) project.ScrubIpAddresses = scrubIps;
        audit.Record("project.settings_changed", project.OrganizationId, target: project.Slug, details: new
        {
            name = change.Name is not null, fingerprintRules = change.FingerprintRules is not null,
            sensitiveFields = change.SensitiveFields is not null, safeFields = change.SafeFields is not null, change.ScrubIpAddresses,
        });
        await db.SaveChangesAsync(ct);
        return null;
    }

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static ProjectSettingsDto ToDto(Project p) =>
        new(p.Id, p.Slug, p.Name, p.OrganizationId, p.Platform, p.FingerprintRules, p.SensitiveFields, p.SafeFields, p.ScrubIpAddresses);
}
