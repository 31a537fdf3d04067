using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Reproduction;

/// <summary>
/// A unittest test that runs the script whose top-level code is the crash's outermost in-app frame, as
/// the process ran it. Python names that frame <c>&lt;module&gt;</c>, so the event itself says the whole
/// call chain started in a script: running it again (as <c>__main__</c>, with its own path as
/// <c>sys.argv[0]</c> and its folder first on the import path, as <c>python3 script.py</c> sets them up)
/// replays the chain with the script's own values and state — a generator handed down the chain, an
/// object built over several calls, a default argument's state —, which sentry-python can send only as
/// a <c>repr</c>. The script is run from the repository's root, where the harness runs the test. The run
/// passes only when the script returns: a <c>SystemExit</c> of any status fails it (a patch can reach one
/// without naming it, through argparse's <c>--help</c> or a helper that exits), so a script that ends with
/// <c>sys.exit(0)</c> is never proven by its replay; the repository's tests can still prove its fix.
/// </summary>
public static partial class PythonEntryReproduction
{
    [GeneratedRegex(@"^[A-Za-z_][\w.-]*$")]
    private static partial Regex PlainSegment();

    /// <summary>Whether Python named <paramref name="function"/> as a module's top-level code.</summary>
    public static bool IsTopLevel(string function) => function.Trim() == "<module>";

    /// <summary>The reproduction through the script of <paramref name="outermost"/>, or why it cannot be run from a test.</summary>
    public static (ReproductionTest? Test, string? Why) From(CrashFrame outermost, ExpectedFailure expected, string? failingExpression, IReadOnlyList<string> files)
    {
        if (!outermost.Path.EndsWith(".py", StringComparison.Ordinal)) return (null, $"{outermost.Path} is not a Python script");
        if (!IsTopLevel(outermost.Function)) return (null, $"the outermost frame, {outermost.Function}, is not a script's top-level code");
        var segments = outermost.Path.Split('/');
        // The path goes into the test as a list of segments: nothing in it may read as anything but a name.
        if (!segments.All(PlainSegment().IsMatch) || segments.Any(s => s is "." or "..")) return (null, $"{outermost.Path} is not a plain path in the repository");
        var name = segments[^1];
        if (name.StartsWith("test_", StringComparison.Ordinal) || name.EndsWith("_test.py", StringComparison.Ordinal) || name == "conftest.py")
            return (null, $"{outermost.Path} is a test file, not the program that crashed");
        if (name == "__init__.py") return (null, $"{outermost.Path} is a package's initialisation, not a program");

        var directory = PythonReproduction.TestDirectory(files);
        var path = directory.Length == 0 ? PythonReproduction.FileName : $"{directory}/{PythonReproduction.FileName}";
        var depth = directory.Length == 0 ? 0 : directory.Count(c => c == '/') + 1;
        var script = string.Join(", ", segments.Select(s => JsonSerializer.Serialize(s)));
        var code = new StringBuilder()
            .AppendLine($"\"\"\"Reproduces the crash: {CommentText.Of(expected.ExceptionType)} in {CommentText.Of(expected.Function)}() of {CommentText.Of(expected.Path)}.")
            .AppendLine()
            .AppendLine($"BugSage wrote it from the event: the crash's call chain starts in the top-level code of {CommentText.Of(outermost.Path)},")
            .AppendLine("so the test runs that script as the process did, and fails while the bug is there." + (failingExpression is { } e ? $" The failing expression: {CommentText.Of(e)}" : ""))
            .AppendLine("\"\"\"")
            .AppendLine("import json").AppendLine("import os").AppendLine("import runpy").AppendLine("import sys").AppendLine("import threading").AppendLine("import traceback").AppendLine("import unittest")
            .AppendLine()
            .AppendLine($"ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), *[os.pardir] * {depth}))")
            .AppendLine($"SCRIPT = os.path.join(ROOT, {script})")
            .AppendLine().AppendLine()
            .Append(PythonReproduction.ThreadGuard)
            .AppendLine()
            .AppendLine()
            .Append(PythonReproduction.ReportFunction)
            .AppendLine().AppendLine()
            .AppendLine("class CrashReproduction(unittest.TestCase):")
            .AppendLine("    def test_script_as_the_crash_ran_it(self):")
            .AppendLine("        # As `python3 script.py` sets it up: the script's folder first on the import path, its path as argv[0].")
            .AppendLine("        saved = (list(sys.argv), list(sys.path))")
            .AppendLine("        sys.argv[:] = [SCRIPT]")
            .AppendLine("        sys.path.insert(0, os.path.dirname(SCRIPT))")
            .AppendLine("        try:")
            .AppendLine("            runpy.run_path(SCRIPT, run_name=\"__main__\")")
            .AppendLine("        # SystemExit, whatever its status, is not caught: unittest counts it a failure, as the run must only pass by returning.")
            .AppendLine("        except Exception as error:")
            .AppendLine("            report(error)")
            .AppendLine("            raise")
            .AppendLine("        finally:")
            .AppendLine("            sys.argv[:], sys.path[:] = saved")
            .AppendLine().AppendLine()
            .Append(PythonReproduction.MainBlock)
            .ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        return (new ReproductionTest("python", path, code, $"python3 -B {path}", expected, $"the top-level code of {outermost.Path}"), null);
    }
}
