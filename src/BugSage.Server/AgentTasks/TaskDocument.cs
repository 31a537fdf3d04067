using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using BugSage.Core.AgentTasks;
using BugSage.Core.Issues;
using BugSage.Core.Validation;
using Bound = BugSage.Server.AgentTasks.TaskDocumentBuilder;

namespace BugSage.Server.AgentTasks;

// The attributes here are the published schema (TaskSchema generates it from these types), so every bound the
// builder applies is stated once, beside the field it bounds, and the schema cannot drift from the document.

/// <summary>
/// An issue handed to an external coding agent: the error and its evidence, what the analysis concluded,
/// what may not be touched and how the patch will be judged, and where to report. Versioned: fields are
/// added within a version, never renamed (docs/task-handoff.md).
/// </summary>
[Description("An issue handed to an external coding agent: the error and its evidence, the analysis, the acceptance test, the constraints on a patch, the task's state and where to report. Version 1; fields are added within a version, never renamed or removed.")]
public sealed record TaskDocument(
    [AllowedValues(TaskDocument.Version)] int SchemaVersion,
    [AllowedValues(TaskDocument.DocumentKind)] string Kind,
    DateTime GeneratedAt,
    TaskIssue Issue,
    [Description("The latest event, bounded; personal data was scrubbed when it was received. Null when the issue has no stored event.")] TaskEvidence? Evidence,
    [Description("The latest finished root-cause analysis; null when there is none.")] TaskAnalysis? Analysis,
    [Description("The acceptance test: a test that fails before the fix and must pass after it, from the latest fix session that built one; null otherwise.")]
    TaskReproduction? Reproduction,
    [Description("The latest fix sessions on the issue, newest first."), MaxLength(Bound.MaxAttempts)] IReadOnlyList<TaskAttempt> PreviousAttempts,
    TaskConstraints Constraints,
    [Description("The task as agents last reported it; every field null while no agent has reported.")] TaskState State,
    TaskLinks Links)
{
    public const int Version = 1;
    public const string DocumentKind = "bugsage.task";
}

public sealed record TaskProject(long Id, string Slug, string Name, string? Platform);

public sealed record TaskIssue(long Id, [MinLength(1)] string ShortId, [MaxLength(Bound.LongText)] string Title, [MaxLength(Bound.LongText)] string? Culprit,
    string Level, [AllowedValues(IssueStatus.Unresolved, IssueStatus.Resolved, IssueStatus.Ignored)] string Status, string? Substatus, string? Platform,
    [Range(0, long.MaxValue)] long Count, [Range(0, long.MaxValue)] long UserCount, DateTime FirstSeen, DateTime LastSeen, TaskProject Project,
    [MaxLength(Bound.MaxEnvironments)] IReadOnlyList<string> Environments, string? FirstRelease, string? LastRelease);

/// <summary>The latest event, bounded; scrubbed of personal data at ingestion, as every stored event is.</summary>
public sealed record TaskEvidence(string EventId, DateTime Timestamp, [MaxLength(Bound.LongText)] string? Message, string? Release, string? Environment,
    [Description("The exception chain, the raised exception last."), MaxLength(Bound.MaxExceptions)] IReadOnlyList<TaskException> Exceptions,
    [Description("The last breadcrumbs before the error, oldest first."), MaxLength(Bound.MaxBreadcrumbs)] IReadOnlyList<TaskBreadcrumb> Breadcrumbs,
    [MaxLength(Bound.MaxTags)] IReadOnlyList<TaskTag> Tags);

/// <param name="Frames">Innermost last, as Sentry orders them; the application's own frames when there are any.</param>
/// <param name="FramesOmitted">How many frames of the stack are left out (library frames, or past the bound).</param>
public sealed record TaskException([MaxLength(Bound.ShortText)] string? Type, [MaxLength(Bound.LongText)] string? Value, [MaxLength(Bound.ShortText)] string? Module,
    [Description("Innermost last; the application's own (in-app) frames when there are any."), MaxLength(Bound.MaxFrames)] IReadOnlyList<TaskFrame> Frames,
    [Description("How many frames of the stack are left out (library frames, or past the bound)."), Range(0, int.MaxValue)] int FramesOmitted);

public sealed record TaskFrame([MaxLength(Bound.ShortText)] string? Filename, [MaxLength(Bound.ShortText)] string? Function, [MaxLength(Bound.ShortText)] string? Module,
    long? Lineno, long? Colno, bool InApp, [MaxLength(Bound.ShortText)] string? ContextLine,
    [MaxLength(Bound.MaxContextLines), EachMaxLength(Bound.ShortText)] IReadOnlyList<string>? PreContext,
    [MaxLength(Bound.MaxContextLines), EachMaxLength(Bound.ShortText)] IReadOnlyList<string>? PostContext);

public sealed record TaskBreadcrumb(DateTime? Timestamp, string? Type, string? Category, string? Level, [MaxLength(Bound.ShortText)] string? Message);

public sealed record TaskTag([MaxLength(Bound.ShortText)] string Key, [MaxLength(Bound.ShortText)] string Value);

/// <param name="SuspectFiles">Where to look first: the analysis's root-cause file, then the files of the innermost in-app frames.</param>
public sealed record TaskAnalysis(long Id, [MaxLength(Bound.LongText)] string Summary, string Category,
    [Description("Why the error happens, in words."), MaxLength(Bound.LongText * 2)] string RootCause, [MaxLength(Bound.LongText * 2)] string? SuggestedFix,
    [Range(0d, 1d)] double Confidence, [Range(0d, 1d)] double Fixability, string RiskLevel,
    [Description("Where to look first: the analysis's root-cause file, then the files of the innermost in-app frames."), MaxLength(5)] IReadOnlyList<string> SuspectFiles,
    string Engine, string? Model, DateTime? FinishedAt);

/// <summary>A test that fails before the fix and must pass after it: the acceptance test, as the fix session that built it ran it.</summary>
/// <param name="TestFile">Where the test is written, relative to the repository root; a patch may not change it.</param>
/// <param name="Content">The test's source, written into the checkout before it runs.</param>
/// <param name="Command">Runs the test alone from the repository root; it exits non-zero on the unpatched code.</param>
public sealed record TaskReproduction(
    [Description("Where the test is written, relative to the repository root; a patch may not change it.")] string TestFile,
    [Description("The test's source: write it at testFile in the checkout.")] string Content,
    [Description("Runs the test alone from the repository root; it fails on the unpatched code and must pass with the patch.")] string Command,
    string Language, long FixSessionId, TaskExpectedFailure Expected,
    [Description("What the test calls and with what, in words.")] string? Drives);

/// <summary>What the reproduction catches on the unpatched code: the crash the event shows.</summary>
public sealed record TaskExpectedFailure(string ExceptionType, string Function, string Path);

/// <summary>An earlier fix session on the issue, so an agent need not repeat what was tried.</summary>
public sealed record TaskAttempt(long FixSessionId, string Status, [Range(0, int.MaxValue)] int Candidates, [Range(0, int.MaxValue)] int Validated,
    string? BestSummary, string? Error, DateTime CreatedAt, [Url] string Url);

/// <param name="ForbiddenPaths">Paths (a trailing slash: everything under it) a patch may not change.</param>
/// <param name="ForbiddenKinds">Kinds of files validation refuses a patch to change, in words.</param>
/// <param name="Validation">How a proposed patch is built and tested; null when the project has no linked repository with commands.</param>
public sealed record TaskConstraints(
    [Description("Paths a patch may not change (CI configuration, the acceptance test among them); a trailing slash means everything under it.")]
    IReadOnlyList<string> ForbiddenPaths,
    [Description("Kinds of files validation refuses a patch to change, in words.")] IReadOnlyList<string> ForbiddenKinds,
    [Description("How a proposed patch is built and tested; null when the project links no repository.")] TaskValidation? Validation,
    [Range(1, int.MaxValue)] int MaxDiffBytes, string PatchFormat);

public sealed record TaskValidation(string Repository, string Branch, string? RestoreCommand, string? BuildCommand, string? TestCommand, string CommandsFrom);

/// <summary>The task's state as agents last reported it; null fields while no agent has claimed it.</summary>
public sealed record TaskState(
    [AllowedValues(null, AgentTaskStatus.Claimed, AgentTaskStatus.Working, AgentTaskStatus.PatchProposed, AgentTaskStatus.Done, AgentTaskStatus.GaveUp)] string? Status,
    string? Agent, DateTime? UpdatedAt, long? UpdateId);

/// <summary>Where the task came from and where to report, absolute (from <c>BugSage:PublicUrl</c>).</summary>
public sealed record TaskLinks(
    [Description("The issue in the dashboard."), Url] string Issue,
    [Description("This document."), Url] string Task,
    [Description("GET lists the agents' reports, POST adds one.")] [Url] string Updates,
    [Description("The JSON Schema of this document.")] [Url] string Schema,
    [Description("The issue in the REST API.")] [Url] string IssueApi,
    [Description("The issue's events in the REST API.")] [Url] string Events,
    [Description("The issue's latest analysis in the REST API (POST starts one).")] [Url] string Analysis);
