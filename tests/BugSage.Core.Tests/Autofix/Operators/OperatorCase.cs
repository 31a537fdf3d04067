using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Operators;

namespace BugSage.Core.Tests.Autofix.Operators;

/// <summary>Runs the evidence operators on code whose failing line carries a "fails" marker comment (removed before the run).</summary>
internal static class OperatorCase
{
    public static IReadOnlyList<IntentRepair> Repair(string language, string category, string? expression, string source, string? message = null)
    {
        var marker = language == "python" ? "  # fails" : " // fails";
        var line = source.Split('\n').ToList().FindIndex(l => l.Contains(marker, StringComparison.Ordinal)) + 1;
        line.ShouldBeGreaterThan(0, "the case marks its failing line");
        return IntentOperators.Repairs(new FixTarget(language, category, "src/code", line, expression, message), source.Replace(marker, "", StringComparison.Ordinal));
    }
}
