namespace BugSage.Core.Autofix.Reproduction;

/// <summary>
/// Builds the reproduction for a crash: a test in the repository's own framework that calls a
/// function of the in-app call chain with the values the event shows. The innermost frame that can
/// be called from a test wins, so the test goes through as little of the chain as it can; each frame
/// passed over says why, and when none can be called the reasons are the session's "could not
/// reproduce". Whether the test really fails the way the crash did is for the sandbox to say.
/// </summary>
public static class ReproductionBuilder
{
    /// <param name="frames">The crash's in-app frames mapped to the repository, innermost first.</param>
    /// <param name="files">The repository's files at the revision, to put the test beside the repository's own.</param>
    public static ReproductionBuild Build(string language, IReadOnlyList<CrashFrame> frames, ExpectedFailure expected, string? failingExpression, IReadOnlyList<string> files)
    {
        if (language is "dotnet" or "csharp")
            return ReproductionBuild.None("the .NET SDK sends no local variables, so the arguments of the failing call are not known; " +
                "a test with guessed arguments would prove nothing");
        if (language is not ("python" or "javascript")) return ReproductionBuild.None($"no reproduction is written for {language} code");
        if (frames.Count == 0) return ReproductionBuild.None("the event has no in-app frame in the repository");
        if (frames.All(f => f.Vars is null or { Count: 0 }))
            return ReproductionBuild.None("the event carries no frame variables (the SDK sends them with " +
                (language == "python" ? "include_local_variables, on by default in sentry-python)" : "includeLocalVariables: true in @sentry/node)") +
                ", so the failing call's arguments are not known");
        var passedOver = new List<string>();
        foreach (var frame in frames)
        {
            var (test, why) = language == "python"
                ? PythonReproduction.From(frame, expected, failingExpression, files)
                : NodeReproduction.From(frame, expected, failingExpression, files);
            if (test is not null) return new ReproductionBuild(test, null);
            passedOver.Add(why!);
        }
        return ReproductionBuild.None("no frame of the call chain can be called from a test: " + string.Join("; ", passedOver));
    }
}
