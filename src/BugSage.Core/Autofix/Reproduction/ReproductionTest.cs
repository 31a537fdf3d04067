using System.Text.Json.Nodes;

namespace BugSage.Core.Autofix.Reproduction;

/// <summary>
/// One in-app frame of the crash, as the reproduction builders read it: the repository path its file
/// maps to, the function, the line, the variables the SDK sent for it, and the file's source at the
/// revision being fixed.
/// </summary>
public sealed record CrashFrame(string Path, string Function, int Line, JsonObject? Vars, string Source);

/// <summary>Where the crash happened, as a reproduction must show it again: the exception type in that function of that file.</summary>
public sealed record ExpectedFailure(string ExceptionType, string Function, string Path);

/// <summary>
/// A test BugSage wrote in the repository's own framework that drives the culprit the way the event
/// shows. <see cref="Command"/> runs it alone from the repository's root; the test prints one
/// <see cref="ReproductionRun.Marker"/> line naming what it caught before it fails.
/// </summary>
/// <param name="Drives">What it calls and with what, in words, for the session's step.</param>
public sealed record ReproductionTest(string Language, string Path, string Code, string Command, ExpectedFailure Expected, string Drives);

/// <summary>A reproduction or why none could be built.</summary>
public sealed record ReproductionBuild(ReproductionTest? Test, string? Why)
{
    public static ReproductionBuild None(string why) => new(null, why);
}
