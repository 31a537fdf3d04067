namespace BugSage.Server.AgentTasks;

/// <summary>
/// An issue handed to an external coding agent: the error and its evidence, what the analysis concluded,
/// what may not be touched and how the patch will be judged, and where to report. Versioned: fields are
/// added within a version, never renamed; the schema is <c>AgentTasks/task.schema.json</c> (docs/agent-tasks.md).
/// </summary>
public sealed record TaskDocument(
    int SchemaVersion,
    string Kind,
    DateTime GeneratedAt,
    TaskIssue Issue,
    TaskEvidence? Evidence,
    TaskAnalysis? Analysis,
    TaskReproduction? Reproduction,
    IReadOnlyList<TaskAttempt> PreviousAttempts,
    TaskConstraints Constraints,
    TaskState State,
    TaskLinks Links)
{
    public const int Version = 1;
    public const string DocumentKind = "bugsage.task";
}

public sealed record TaskProject(long Id, string Slug, string Name, string? Platform);

public sealed record TaskIssue(long Id, string ShortId, string Title, string? Culprit, string Level, string Status, string? Substatus, string? Platform,
    long Count, long UserCount, DateTime FirstSeen, DateTime LastSeen, TaskProject Project, IReadOnlyList<string> Environments,
    string? FirstRelease, string? LastRelease);

/// <summary>The latest event, bounded; scrubbed of personal data at ingestion, as every stored event is.</summary>
public sealed record TaskEvidence(string EventId, DateTime Timestamp, string? Message, string? Release, string? Environment,
    IReadOnlyList<TaskException> Exceptions, IReadOnlyList<TaskBreadcrumb> Breadcrumbs, IReadOnlyList<TaskTag> Tags);

/// <param name="Frames">Innermost last, as Sentry orders them; the application's own frames when there are any.</param>
/// <param name="FramesOmitted">How many frames of the stack are left out (library frames, or past the bound).</param>
public sealed record TaskException(string? Type, string? Value, string? Module, IReadOnlyList<TaskFrame> Frames, int FramesOmitted);

public sealed record TaskFrame(string? Filename, string? Function, string? Module, long? Lineno, long? Colno, bool InApp,
    string? ContextLine, IReadOnlyList<string>? PreContext, IReadOnlyList<string>? PostContext);

public sealed record TaskBreadcrumb(DateTime? Timestamp, string? Type, string? Category, string? Level, string? Message);

public sealed record TaskTag(string Key, string Value);

/// <param name="SuspectFiles">Where to look first: the analysis's root-cause file, then the files of the innermost in-app frames.</param>
public sealed record TaskAnalysis(long Id, string Summary, string Category, string RootCause, string? SuggestedFix, double Confidence, double Fixability,
    string RiskLevel, IReadOnlyList<string> SuspectFiles, string Engine, string? Model, DateTime? FinishedAt);

/// <summary>A test that fails before the fix and must pass after it: the acceptance test.</summary>
public sealed record TaskReproduction(string TestFile, string Content, string Command);

/// <summary>An earlier fix session on the issue, so an agent need not repeat what was tried.</summary>
public sealed record TaskAttempt(long FixSessionId, string Status, int Candidates, int Validated, string? BestSummary, string? Error, DateTime CreatedAt, string Url);

/// <param name="ForbiddenPaths">Paths (a trailing slash: everything under it) a patch may not change.</param>
/// <param name="ForbiddenKinds">Kinds of files validation refuses a patch to change, in words.</param>
/// <param name="Validation">How a proposed patch is built and tested; null when the project has no linked repository with commands.</param>
public sealed record TaskConstraints(IReadOnlyList<string> ForbiddenPaths, IReadOnlyList<string> ForbiddenKinds, TaskValidation? Validation,
    int MaxDiffBytes, string PatchFormat);

public sealed record TaskValidation(string Repository, string Branch, string? RestoreCommand, string? BuildCommand, string? TestCommand, string CommandsFrom);

/// <summary>The task's state as agents last reported it; null fields while no agent has claimed it.</summary>
public sealed record TaskState(string? Status, string? Agent, DateTime? UpdatedAt, long? UpdateId);

public sealed record TaskLinks(string Issue, string Task, string Updates, string Schema);
