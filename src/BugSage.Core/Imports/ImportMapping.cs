namespace BugSage.Core.Imports;

/// <summary>
/// A Sentry object already imported into an organization, and what it became here: a rerun or
/// a resume finds it and updates it instead of making a second one.
/// </summary>
public sealed class ImportMapping
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }

    /// <summary>The Sentry server and organization (<see cref="SentryImportJob.SourceKey"/>).</summary>
    public required string Source { get; set; }

    /// <summary>See <see cref="ImportMappingKind"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>Sentry's id (a project's slug, an issue's number).</summary>
    public required string SentryId { get; set; }

    /// <summary>The BugSage row's id.</summary>
    public long TargetId { get; set; }
}

/// <summary>What an <see cref="ImportMapping"/> maps. Releases and events need none: their version and event id are kept as they are.</summary>
public static class ImportMappingKind
{
    public const string Project = "project";
    public const string Issue = "issue";
}
