namespace BugSage.Core.Autofix.Reproduction;

/// <summary>
/// Builds the reproduction for a crash: a test in the repository's own framework that drives the
/// culprit the way the event shows. The innermost frame that can be called from a test with the values
/// the SDK sent for it wins, so the test goes through as little of the chain as it can; when none can
/// (no frame variables, a method whose instance the event cannot carry), a chain that starts in a
/// program's top-level code is replayed from there, as the process ran it. Each way passed over says
/// why, and when none is left the reasons are the session's "could not reproduce". Whether the test
/// really fails the way the crash did is for the sandbox to say.
/// </summary>
public static class ReproductionBuilder
{
    /// <param name="frames">The crash's in-app frames mapped to the repository, innermost first.</param>
    /// <param name="files">The repository's files at the revision, to put the test beside the repository's own.</param>
    /// <param name="projects">For C#: the repository's project files by path, with their text, to find the test project.</param>
    public static ReproductionBuild Build(string language, IReadOnlyList<CrashFrame> frames, ExpectedFailure expected, string? failingExpression, IReadOnlyList<string> files,
        IReadOnlyDictionary<string, string>? projects = null)
    {
        if (language is not ("python" or "javascript" or "dotnet" or "csharp")) return ReproductionBuild.None($"no reproduction is written for {language} code");
        if (frames.Count == 0) return ReproductionBuild.None("the event has no in-app frame in the repository");
        if (language is "dotnet" or "csharp")
        {
            // The .NET SDK sends no local variables, so no call of the chain can be rebuilt with its arguments.
            var (program, notProgram) = DotnetReproduction.From(frames[^1], expected, failingExpression, projects ?? new Dictionary<string, string>());
            return program is not null ? new ReproductionBuild(program, null)
                : ReproductionBuild.None("the .NET SDK sends no local variables, so no call of the chain can be rebuilt with its arguments, and " + notProgram);
        }
        var passedOver = new List<string>();
        if (frames.All(f => f.Vars is null or { Count: 0 }))
            passedOver.Add("the event carries no frame variables (the SDK sends them with " +
                (language == "python" ? "include_local_variables, on by default in sentry-python)" : "includeLocalVariables: true in @sentry/node)") +
                ", so the failing call's arguments are not known");
        else
            foreach (var frame in frames)
            {
                var (test, why) = language == "python"
                    ? PythonReproduction.From(frame, expected, failingExpression, files)
                    : NodeReproduction.From(frame, expected, failingExpression, files);
                if (test is not null) return new ReproductionBuild(test, null);
                passedOver.Add(why!);
            }
        // Only a chain that starts in a module's top-level code can be replayed from its start.
        if (language == "javascript" && NodeEntryReproduction.IsTopLevel(frames[^1].Function))
        {
            var (entry, notEntry) = NodeEntryReproduction.From(frames[^1], expected, failingExpression, files);
            if (entry is not null) return new ReproductionBuild(entry, null);
            passedOver.Add(notEntry!);
        }
        if (language == "python" && PythonEntryReproduction.IsTopLevel(frames[^1].Function))
        {
            var (entry, notEntry) = PythonEntryReproduction.From(frames[^1], expected, failingExpression, files);
            if (entry is not null) return new ReproductionBuild(entry, null);
            passedOver.Add(notEntry!);
        }
        if (passedOver.Count == 1 && frames.All(f => f.Vars is null or { Count: 0 })) return ReproductionBuild.None(passedOver[0]);
        return ReproductionBuild.None("no frame of the call chain can be called from a test: " + string.Join("; ", passedOver));
    }
}
