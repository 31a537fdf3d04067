namespace BugSage.Core.Autofix.Candidates.Agent;

/// <summary>
/// One call of a model's fix step, as the session keeps it: a model call (its tokens, cost and what it said or
/// asked for) or a tool call (its arguments and the start of its answer). Texts are cut to <see cref="MaxText"/>.
/// </summary>
/// <param name="Kind"><see cref="Model"/> or <see cref="Tool"/>.</param>
/// <param name="Name">The model's configured name, or the tool's.</param>
/// <param name="Error">Why the call failed, in fixed words; null when it succeeded.</param>
public sealed record FixAgentCall(int Step, string Kind, string Name, string? Arguments, string? Result, int InputTokens, int OutputTokens, decimal Cost, long DurationMs, string? Error)
{
    public const string Model = "model";
    public const string Tool = "tool";
    public const int MaxText = 4_000;

    public static string? Cut(string? text) => text is null || text.Length <= MaxText ? text : text.Truncate(MaxText) + "…";
}
