using System.Text.Json;
using System.Text.Json.Serialization;
using System.ComponentModel.DataAnnotations;
using BugSage.Core.Releases;
using BugSage.Core.Validation;

namespace BugSage.Server.Releases;

// The request and answer shapes of Sentry's release API as sentry-cli 3.x and the bundler plugins
// send and read them: field names are theirs.

/// <summary>
/// A release created or changed by a pipeline. <c>projects</c> holds slugs or numeric ids;
/// <c>refs</c> name commits in linked repositories, <c>commits</c> carry them whole (from a local git history).
/// </summary>
public sealed record ReleaseRequest(
    [MaxLength(ReleaseVersions.MaxLength)] string? Version, [MaxLength(100)] List<JsonElement>? Projects, [MaxLength(2000)] string? Url,
    DateTimeOffset? DateStarted, DateTimeOffset? DateReleased,
    [MaxLength(100)] List<CommitRef>? Refs, [MaxLength(1000)] List<CommitRequest>? Commits, [MaxLength(32)] string? Status);

/// <summary>A repository's head commit for the release, and optionally the previous release's.</summary>
public sealed record CommitRef([MaxLength(200)] string? Repository, [MaxLength(64)] string? Commit, [MaxLength(64)] string? PreviousCommit);

public sealed record CommitRequest(
    [property: JsonPropertyName("patch_set")][MaxLength(10_000)] List<PatchSetEntry>? PatchSet, [MaxLength(200)] string? Repository,
    [property: JsonPropertyName("author_name")][MaxLength(256)] string? AuthorName, [property: JsonPropertyName("author_email")][MaxLength(320)] string? AuthorEmail,
    DateTimeOffset? Timestamp, [MaxLength(20_000)] string? Message, [MaxLength(64)] string? Id);

public sealed record PatchSetEntry([MaxLength(1024)] string? Path, [MaxLength(8)] string? Type);

public sealed record DeployRequest(
    [MaxLength(256)] string? Environment, [MaxLength(250)] string? Name, [MaxLength(2000)] string? Url, DateTimeOffset? DateStarted, DateTimeOffset? DateFinished,
    [MaxLength(100), EachMaxLength(200)] List<string>? Projects);

public sealed record ProjectSlugAndName(string Slug, string Name);

public sealed record CommitId(string Id);

/// <summary>A release as sentry-cli reads it, with what the dashboard adds (counts and status).</summary>
public sealed record ReleaseInfo(
    string Version, string? Url, DateTime DateCreated, DateTime? DateReleased, DateTime? LastEvent, int NewGroups,
    IReadOnlyList<ProjectSlugAndName> Projects, CommitId? LastCommit, string Status, int CommitCount, int DeployCount);

public sealed record DeployInfo(string Id, string Environment, string? Name, string? Url, DateTime? DateStarted, DateTime DateFinished);

public sealed record RepoProvider(string Id, string Name);

/// <summary>A linked repository as sentry-cli lists them to match its local git remote.</summary>
public sealed record RepoInfo(string Id, string Name, string? Url, RepoProvider Provider, string Status, DateTime DateCreated);

public sealed record CommitAuthor(string? Name, string? Email);

public sealed record CommitRepository(string Name);

public sealed record ReleaseCommitInfo(string Id, string? Message, DateTime? DateCreated, CommitAuthor Author, CommitRepository Repository, IReadOnlyList<Core.Releases.CommitFile> Files);

// The dashboard's and the REST API's view of a project's releases.

/// <param name="Adoption">This release's share of the project's events in the last 24 hours (0–1).</param>
public sealed record ProjectReleaseSummary(
    string Version, DateTime DateCreated, DateTime? DateReleased, string Status, long Events, double Adoption, int NewIssues, int Regressions,
    DateTime? LastEvent, int CommitCount, int DeployCount, DeployInfo? LastDeploy);

public sealed record ReleaseIssue(long Id, string Title, string? Culprit, long Count, string Status);

public sealed record ProjectReleaseDetail(
    ProjectReleaseSummary Release, string? Url, IReadOnlyList<DeployInfo> Deploys, IReadOnlyList<ReleaseCommitInfo> Commits,
    IReadOnlyList<ReleaseIssue> NewIssues, IReadOnlyList<ReleaseIssue> RegressedIssues, int ArtifactBundles, bool CanWrite);
