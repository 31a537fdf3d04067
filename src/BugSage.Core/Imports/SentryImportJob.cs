namespace BugSage.Core.Imports;

/// <summary>
/// One import of a Sentry organization into a BugSage organization: where from, with which
/// (sealed) token, how far it got (<see cref="Stage"/>, <see cref="ProjectPosition"/> and the
/// Sentry <see cref="Cursor"/> of the page to read next) and what it has written so far. A queue
/// row: one node runs it under a lease, and a rerun or a resume starts where it stopped.
/// </summary>
public sealed class SentryImportJob : Processing.ILeasedWork
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }

    /// <summary>The Sentry server's base URL, e.g. <c>https://sentry.io</c>.</summary>
    public required string SourceUrl { get; set; }

    /// <summary>The Sentry organization's slug.</summary>
    public required string SourceOrganization { get; set; }

    /// <summary>The Sentry project slugs asked for, comma separated; null imports every project.</summary>
    public string? ProjectSlugs { get; set; }

    /// <summary>Only issues seen since then; null for all.</summary>
    public DateTime? Since { get; set; }

    /// <summary>How many of each issue's latest events are copied.</summary>
    public int EventsPerIssue { get; set; }

    /// <summary>The Sentry auth token, sealed with the server key; never answered back.</summary>
    public required string TokenProtected { get; set; }

    /// <summary>See <see cref="LeasedWorkStatus"/> and <see cref="SentryImportStatus"/>.</summary>
    public string Status { get; set; } = Processing.LeasedWorkStatus.Queued;

    /// <summary>See <see cref="SentryImportStage"/>.</summary>
    public string Stage { get; set; } = SentryImportStage.Projects;

    /// <summary>The Sentry slugs of the projects imported, comma separated, once the project stage is done: the later stages walk them in order.</summary>
    public string? ImportedProjects { get; set; }

    /// <summary>Which of <see cref="ImportedProjects"/> the current stage is at.</summary>
    public int ProjectPosition { get; set; }

    /// <summary>Sentry's cursor for the next page of the current stage and project; null to start at the first.</summary>
    public string? Cursor { get; set; }

    public int ProjectsImported { get; set; }
    public int ProjectsSkipped { get; set; }
    public int KeysImported { get; set; }
    public int ReleasesImported { get; set; }
    public int IssuesImported { get; set; }
    public int EventsImported { get; set; }

    /// <summary>What was skipped or left out and why, one line each (capped).</summary>
    public string? Notes { get; set; }

    public string? Error { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    public int Attempts { get; set; }

    /// <summary>The Sentry project slugs asked for, or null for all.</summary>
    public IReadOnlyList<string>? RequestedProjects => Split(ProjectSlugs);

    /// <summary>The Sentry project slugs the later stages walk.</summary>
    public IReadOnlyList<string> ProjectsToWalk => Split(ImportedProjects) ?? [];

    /// <summary>What identifies the source in the mapping table: the same Sentry organization on the same server.</summary>
    public string SourceKey => $"{SourceUrl.TrimEnd('/')}/{SourceOrganization}";

    /// <summary>Adds a line to <see cref="Notes"/>, keeping it under its column's size; once full, the last line says that more were left out.</summary>
    public void Note(string line)
    {
        const string more = "(more notes were left out)";
        if (Notes?.EndsWith(more, StringComparison.Ordinal) == true) return;
        var text = Notes is null ? line.Truncate(SentryImportLimits.NotesLength - more.Length - 1) : Notes + "\n" + line;
        Notes = text.Length <= SentryImportLimits.NotesLength - more.Length - 1 ? text : Notes + "\n" + more;
    }

    private static List<string>? Split(string? csv) =>
        string.IsNullOrWhiteSpace(csv) ? null : csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}

/// <summary>The import's steps, in order.</summary>
public static class SentryImportStage
{
    public const string Projects = "projects";
    public const string Releases = "releases";
    public const string Issues = "issues";
    public const string Done = "done";
}

/// <summary>An import's finished state, beside the queue's own.</summary>
public static class SentryImportStatus
{
    public const string Queued = Processing.LeasedWorkStatus.Queued;
    public const string Running = Processing.LeasedWorkStatus.Running;
    public const string Done = "done";
    public const string Failed = Processing.LeasedWorkStatus.Failed;
}

/// <summary>Bounds of an import.</summary>
public static class SentryImportLimits
{
    public const int DefaultEventsPerIssue = 10;
    public const int MaxEventsPerIssue = 100;
    public const int NotesLength = 4000;
}
