using System.ComponentModel.DataAnnotations;
using BugSage.Core.Projects;
using BugSage.Core.Retention;

namespace BugSage.Server.Projects;

public sealed record ProjectDto(long Id, string Slug, string Name, long OrganizationId, string? Platform)
{
    public static ProjectDto From(Project p) => new(p.Id, p.Slug, p.Name, p.OrganizationId, p.Platform);
}

public sealed record CreateProject([Required, MaxLength(200)] string Name, [MaxLength(64)] string? Platform, long? OrganizationId);

public sealed record KeyDto(long Id, string PublicKey, string Dsn, int? RateLimitPerMinute, bool IsActive, string Label)
{
    public static KeyDto From(ProjectKey k, Uri baseUrl) =>
        new(k.Id, k.PublicKey, ProjectKeys.Dsn(baseUrl, k.PublicKey, k.ProjectId), k.RateLimitPerMinute, k.IsActive, k.Label);
}

public sealed record CreateKey([MaxLength(200)] string? Label, [Range(1, 10_000_000)] int? RateLimitPerMinute);

public sealed record UpdateKey([MaxLength(200)] string? Label, [Range(0, 10_000_000)] int? RateLimitPerMinute, bool? IsActive);

public sealed record ProjectSettingsDto(
    long Id, string Slug, string Name, long OrganizationId, string? Platform,
    string? FingerprintRules, string? SensitiveFields, string? SafeFields, bool ScrubIpAddresses, int EventRetentionDays, bool HandOffLocalVariables)
{
    public const int MaxRulesLength = 20_000;
    public const int MaxFieldsLength = 4_000;

    /// <param name="retention">The server's retention, for a project that sets none of its own.</param>
    public static ProjectSettingsDto From(Project p, RetentionOptions retention) =>
        new(p.Id, p.Slug, p.Name, p.OrganizationId, p.Platform, p.FingerprintRules, p.SensitiveFields, p.SafeFields, p.ScrubIpAddresses,
            retention.DaysFor(p.EventRetentionDays), p.HandOffLocalVariables);
}

/// <summary>Only what is given changes; an empty string clears a text setting.</summary>
public sealed record ProjectSettingsChange(
    [MaxLength(200)] string? Name, [MaxLength(ProjectSettingsDto.MaxRulesLength)] string? FingerprintRules,
    [MaxLength(ProjectSettingsDto.MaxFieldsLength)] string? SensitiveFields, [MaxLength(ProjectSettingsDto.MaxFieldsLength)] string? SafeFields, bool? ScrubIpAddresses,
    [Range(1, RetentionOptions.MaxDays)] int? EventRetentionDays = null, bool? HandOffLocalVariables = null);
