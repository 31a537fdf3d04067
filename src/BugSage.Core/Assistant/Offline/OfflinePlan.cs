using System.Text.Json.Nodes;

namespace BugSage.Core.Assistant.Offline;

/// <summary>One tool call the offline assistant will make, with its arguments named as the tool's schema names them.</summary>
public sealed record PlannedCall(string Tool, JsonObject Arguments);

/// <summary>
/// What the offline assistant makes of a question: the calls to run, or, when there are none,
/// a plain sentence saying what it cannot do without a model.
/// </summary>
public sealed record OfflinePlan(IReadOnlyList<PlannedCall> Calls, string? CannotAnswer)
{
    public static OfflinePlan Refused(string reason) => new([], reason);
}
