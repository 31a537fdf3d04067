using System.ComponentModel.DataAnnotations;
using BugSage.Core.Imports;
using BugSage.Core.Validation;

namespace BugSage.Server.Imports;

/// <summary>
/// An import to start: the Sentry server (<c>https://sentry.io</c> or a self-hosted one), an auth
/// token with org:read, project:read and event:read, the Sentry organization's slug, and
/// optionally which projects, issues seen since when, and how many latest events per issue.
/// </summary>
public sealed record SentryImportRequest(
    [MaxLength(500)] string? Url = null,
    [MaxLength(500)] string? Token = null,
    [MaxLength(100)] string? Organization = null,
    [MaxLength(1000), EachMaxLength(100)] List<string>? Projects = null,
    DateTime? Since = null,
    int? Events = null);

/// <summary>What an import has written so far.</summary>
public sealed record SentryImportCounts(int Projects, int ProjectsSkipped, int Keys, int Releases, int Issues, int Events);

/// <summary>An import and its progress; the token is never part of it.</summary>
/// <param name="Stage"><c>projects</c>, <c>releases</c>, <c>issues</c> or <c>done</c>.</param>
/// <param name="ProjectPosition">How many of the imported projects the current stage has finished.</param>
public sealed record SentryImportDto(long Id, long OrganizationId, string SourceUrl, string SourceOrganization, IReadOnlyList<string>? Projects, DateTime? Since,
    int EventsPerIssue, string Status, string Stage, int ProjectPosition, int ProjectCount, SentryImportCounts Counts, IReadOnlyList<string> Notes, string? Error,
    string CreatedBy, DateTime CreatedAt, DateTime? UpdatedAt, DateTime? FinishedAt)
{
    public static SentryImportDto From(SentryImportJob j) => new(j.Id, j.OrganizationId, j.SourceUrl, j.SourceOrganization, j.RequestedProjects, j.Since, j.EventsPerIssue,
        j.Status, j.Stage, j.ProjectPosition, j.ProjectsToWalk.Count,
        new SentryImportCounts(j.ProjectsImported, j.ProjectsSkipped, j.KeysImported, j.ReleasesImported, j.IssuesImported, j.EventsImported),
        (j.Notes ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries), j.Error, j.CreatedBy, j.CreatedAt, j.UpdatedAt, j.FinishedAt);

    /// <summary>One line of progress, as the CLI prints it.</summary>
    public string Summary() =>
        $"{Status} · {Stage}{(Stage is SentryImportStage.Releases or SentryImportStage.Issues ? $" (project {Math.Min(ProjectPosition + 1, ProjectCount)} of {ProjectCount})" : "")}"
        + $" · projects {Counts.Projects} (skipped {Counts.ProjectsSkipped}), keys {Counts.Keys}, releases {Counts.Releases}, issues {Counts.Issues}, events {Counts.Events}";
}
