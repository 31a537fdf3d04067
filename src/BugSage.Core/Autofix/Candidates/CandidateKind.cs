namespace BugSage.Core.Autofix.Candidates;

/// <summary>
/// What a candidate is: a <see cref="Fix"/> changes the failing code so the input does what the
/// code meant, a <see cref="Mitigation"/> only stops the crash (returns nothing, swallows the error,
/// throws another one). Mitigations are kept and shown apart, never validated.
/// </summary>
public static class CandidateKind
{
    public const string Fix = "fix";
    public const string Mitigation = "mitigation";

    /// <summary>What the dashboard and the API say of every mitigation.</summary>
    public const string MitigationNote = "stops the crash; behaviour for this input is a guess";
}

/// <summary>A candidate's kind and, for a mitigation, the evidence in the code that made it one.</summary>
public sealed record KindVerdict(string Kind, string? Reason)
{
    public static KindVerdict Fix { get; } = new(CandidateKind.Fix, null);

    public static KindVerdict Mitigation(string reason) => new(CandidateKind.Mitigation, reason);
}
