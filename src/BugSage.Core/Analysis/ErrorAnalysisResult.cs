namespace BugSage.Core.Analysis;

/// <summary>Where the root cause is: the culprit frame's file, line and function.</summary>
public sealed record CodeLocation(string? File, long? Line, string? Function);

/// <summary>Why the error happened, where, and what shows it.</summary>
public sealed record RootCause(string Explanation, CodeLocation? Location, IReadOnlyList<string> Evidence);

/// <summary>How much the error matters: its reach and direction.</summary>
public sealed record Impact(long Events, long Users, string Trend, string Severity);

/// <summary>
/// What an analysis engine concluded about an issue. Confidence and fixability are 0–1 and
/// say how sure the engine is of its root cause and how mechanically fixable the cause looks.
/// <see cref="Documents"/> are the organization's passages the analysis was given beside the code.
/// </summary>
public sealed record ErrorAnalysisResult(
    string Summary,
    string Category,
    RootCause RootCause,
    Impact Impact,
    string? SuggestedFix,
    double Confidence,
    double Fixability,
    string RiskLevel,
    string Engine,
    string? Model,
    int InputTokens,
    int OutputTokens,
    decimal Cost,
    TimeSpan Duration,
    IReadOnlyList<Documents.RelatedDocument>? Documents = null);
