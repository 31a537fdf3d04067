using System.ComponentModel.DataAnnotations;
using BugSage.Core.Analysis.Source;

namespace BugSage.Server.Repositories;

public sealed record RepositoryRequest(
    [Required, MaxLength(100)] string Name, [MaxLength(1000)] string? Url, [MaxLength(1000)] string? Path, [MaxLength(200)] string? Branch,
    [MaxLength(1000)] string? BuildCommand, [MaxLength(1000)] string? TestCommand, [MaxLength(50)] PathMapping[]? PathMappings,
    [MaxLength(500)] string? AccessToken = null, [MaxLength(200)] string? WebhookSecret = null, [MaxLength(200)] string? GitHubRepository = null,
    [MaxLength(1000)] string? RestoreCommand = null);

/// <summary>Changes to a link's secrets and commands (an empty string removes one).</summary>
public sealed record RepositoryChange(
    [MaxLength(500)] string? AccessToken, [MaxLength(200)] string? WebhookSecret, [MaxLength(1000)] string? BuildCommand, [MaxLength(1000)] string? TestCommand,
    [MaxLength(200)] string? GitHubRepository = null, [MaxLength(1000)] string? RestoreCommand = null);

/// <param name="WebhookUrl">Where GitHub should send this repository's pull_request events (signed with the webhook secret).</param>
public sealed record RepositoryDto(long Id, long ProjectId, string Name, string? Url, string? Path, string Branch, string? RestoreCommand, string? BuildCommand, string? TestCommand,
    IReadOnlyList<PathMapping> PathMappings, DateTime CreatedAt, bool HasAccessToken, bool HasWebhookSecret, string? GitHubRepository, string WebhookUrl);
