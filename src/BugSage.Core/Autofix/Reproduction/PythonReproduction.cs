using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Reproduction;

/// <summary>
/// A unittest test case that calls a module-level function of the crash's call chain with the
/// arguments its frame's variables show. sentry-python sends locals by default as a data bag: dicts
/// and lists as JSON, every leaf as its <c>repr</c>, which for strings, numbers, None and booleans is
/// Python source. An object sent only as <c>&lt;… object at 0x…&gt;</c> cannot be rebuilt, so that frame
/// is not used.
/// </summary>
public static partial class PythonReproduction
{
    [GeneratedRegex(@"^(?<async>async\s+)?def\s+(?<name>\w+)\s*\(", RegexOptions.Multiline)]
    private static partial Regex ModuleLevelDef();

    // What a repr gives for the values a test can write back as they were: strings (with prefixes), numbers, None, booleans, empty containers.
    [GeneratedRegex(@"^(?:[rbuRBU]{0,2}'(?:[^'\\\n]|\\.)*'|[rbuRBU]{0,2}""(?:[^""\\\n]|\\.)*""|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|None|True|False|\(\)|\[\]|\{\}|set\(\))$")]
    private static partial Regex Literal();

    [GeneratedRegex(@"^[A-Za-z_]\w*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^(?:\[.*\]|\{.*\}|(?:list|dict|set|bytearray)\(.*\))$")]
    private static partial Regex MutableDefault();

    public const string FileName = "test_bugsage_reproduction.py";

    /// <summary>The reproduction through <paramref name="frame"/>, or why that frame cannot be called from a test.</summary>
    public static (ReproductionTest? Test, string? Why) From(CrashFrame frame, ExpectedFailure expected, string? failingExpression, IReadOnlyList<string> files)
    {
        if (!frame.Path.EndsWith(".py", StringComparison.Ordinal)) return (null, $"{frame.Path} is not a Python module");
        var module = frame.Path[..^3].Split('/');
        if (module[^1] == "__init__") module = module[..^1];
        if (module.Length == 0 || !module.All(Identifier().IsMatch)) return (null, $"{frame.Path} is not importable as a module");
        var def = ModuleLevelDef().Matches(frame.Source).FirstOrDefault(m => m.Groups["name"].Value == frame.Function);
        if (def is null) return (null, $"{frame.Function}() is not a module-level function of {frame.Path} (a method or a nested function needs state the event does not carry)");
        if (Signature.Between(frame.Source, def.Index + def.Length - 1) is not { } parameters) return (null, $"the parameters of {frame.Function}() could not be read");

        var arguments = new List<string>();
        // Positional as long as the call can be; after a * (or a parameter left out) the rest go by name.
        var byName = false;
        foreach (var parameter in Signature.Split(parameters))
        {
            var name = parameter.Split('=', 2)[0].Split(':', 2)[0].Trim();
            if (name == "/") continue;
            if (name == "*")
            {
                byName = true;
                continue;
            }
            var star = name.StartsWith("**", StringComparison.Ordinal) ? "**" : name.StartsWith('*') ? "*" : "";
            name = name[star.Length..];
            if (arguments.Count == 0 && star == "" && name is "self" or "cls") return (null, $"{frame.Function}() is a method");
            if (frame.Vars?[name] is not { } value)
            {
                // A parameter with a default, or a * / ** one, may have been left out by the caller; any other was passed and not sent.
                if (parameter.Contains('=') || star.Length > 0)
                {
                    byName = true;
                    continue;
                }
                return (null, $"the event carries no value for {name}, a parameter of {frame.Function}()");
            }
            // A list, dict or set default is made once and keeps what earlier calls put in it: the value the frame shows may be
            // that shared state, which a fresh call from a test passes as an argument of its own and so never reproduces.
            if (parameter.Split('=', 2) is [_, var fallback] && MutableDefault().IsMatch(fallback.Trim()))
                return (null, $"{name} of {frame.Function}() defaults to {fallback.Trim()}, one object shared by every call, so its value is state earlier calls left, which a call from a test cannot rebuild");
            if (Source(value) is not { } literal) return (null, $"{name} of {frame.Function}() was sent only as its repr ({Short(value)}), which is not a value a test can rebuild");
            arguments.Add(star.Length > 0 ? star + literal : byName ? $"{name}={literal}" : literal);
            if (star == "*") byName = true;
        }

        var directory = TestDirectory(files);
        var path = directory.Length == 0 ? FileName : $"{directory}/{FileName}";
        var depth = directory.Length == 0 ? 0 : directory.Count(c => c == '/') + 1;
        var call = $"{frame.Function}({string.Join(", ", arguments)})";
        var run = def.Groups["async"].Success ? $"asyncio.run({call})" : call;
        var code = new StringBuilder()
            .AppendLine($"\"\"\"Reproduces the crash: {CommentText.Of(expected.ExceptionType)} in {CommentText.Of(expected.Function)}() of {CommentText.Of(expected.Path)}.")
            .AppendLine()
            .AppendLine($"BugSage wrote it from the event: it calls {frame.Function}() of {CommentText.Of(frame.Path)} with the values")
            .AppendLine("the SDK sent for that frame's variables, and fails while the bug is there." + (failingExpression is { } e ? $" The failing expression: {Comment(e)}" : ""))
            .AppendLine("\"\"\"")
            .AppendLine(def.Groups["async"].Success ? "import asyncio" : null)
            .AppendLine("import json").AppendLine("import os").AppendLine("import sys").AppendLine("import threading").AppendLine("import traceback").AppendLine("import unittest")
            .AppendLine()
            .AppendLine($"ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), *[os.pardir] * {depth}))")
            .AppendLine("sys.path.insert(0, ROOT)")
            .AppendLine().AppendLine()
            .Append(ThreadGuard)
            .AppendLine()
            .AppendLine()
            .Append(ReportFunction)
            .AppendLine().AppendLine()
            .AppendLine("class CrashReproduction(unittest.TestCase):")
            .AppendLine($"    def test_{frame.Function}_as_the_crash_called_it(self):")
            .AppendLine("        try:")
            .AppendLine($"            from {string.Join('.', module)} import {frame.Function}")
            .AppendLine($"            {run}")
            .AppendLine("        except Exception as error:")
            .AppendLine("            report(error)")
            .AppendLine("            raise")
            .AppendLine().AppendLine()
            .Append(MainBlock)
            .ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        code = code.Replace("\"\"\"\n\nimport", "\"\"\"\nimport", StringComparison.Ordinal);
        return (new ReproductionTest("python", path, code, $"python3 -B {path}", expected, $"{call} from {frame.Path}"), null);
    }

    /// <summary>
    /// The test's <c>report(error)</c>: prints the marker with the error's type and the innermost frame in the repository, where
    /// the crash happened. Shared by the frame call and the whole-script replay.
    /// </summary>
    internal static string ReportFunction { get; } = new StringBuilder()
        .AppendLine("def report(error):")
        .AppendLine("    # The innermost frame in the repository is where the crash happened; the test's own frames are outermost.")
        .AppendLine("    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.startswith(ROOT + os.sep)]")
        .AppendLine("    frame = frames[-1] if frames else None")
        .AppendLine($"    print({JsonSerializer.Serialize(ReproductionRun.Marker)} + json.dumps({{\"type\": type(error).__name__, \"function\": frame.name if frame else None,")
        .AppendLine("        \"file\": os.path.relpath(frame.filename, ROOT) if frame else None}), flush=True)")
        .ToString().Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>
    /// Records an exception that ends a thread (<c>threading.excepthook</c>) or that Python can only print and ignore (a raw
    /// <c>_thread</c> thread, a <c>__del__</c>: <c>sys.unraisablehook</c>): a patch that moves the failing work there must not
    /// pass the run. The main block also fails the run when either hook is no longer the guard's. Shared by the frame call
    /// and the whole-script replay.
    /// </summary>
    internal static string ThreadGuard { get; } = new StringBuilder()
        .AppendLine("# An exception that ends a thread, or one Python prints and ignores, fails the run as one in the test would.")
        .AppendLine("THREAD_FAILURES = []")
        .AppendLine("PRINT_THREAD_FAILURE = threading.excepthook")
        .AppendLine("PRINT_UNRAISABLE = sys.unraisablehook")
        .AppendLine()
        .AppendLine()
        .AppendLine("def thread_failed(failed):")
        .AppendLine("    THREAD_FAILURES.append(failed.exc_type.__name__)")
        .AppendLine("    PRINT_THREAD_FAILURE(failed)")
        .AppendLine()
        .AppendLine()
        .AppendLine("def unraisable(failed):")
        .AppendLine("    THREAD_FAILURES.append(failed.exc_type.__name__)")
        .AppendLine("    PRINT_UNRAISABLE(failed)")
        .AppendLine()
        .AppendLine()
        .AppendLine("threading.excepthook = thread_failed")
        .AppendLine("sys.unraisablehook = unraisable")
        .ToString().Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>
    /// The test file's main block: runs the one test, lets the code's threads end as the interpreter's exit would, and writes
    /// the harness's line with the run's nonce last only once the test passed, no thread failed (<see cref="ThreadGuard"/>) and
    /// the guard's hooks are still in place. Shared by the frame call and the whole-script replay.
    /// </summary>
    internal static string MainBlock { get; } = new StringBuilder()
        .AppendLine("if __name__ == \"__main__\":")
        .AppendLine("    # One stream, in order: the harness's line below must be the run's last.")
        .AppendLine("    sys.stderr.flush()")
        .AppendLine("    os.dup2(sys.stdout.fileno(), sys.stderr.fileno())")
        .AppendLine("    result = unittest.main(verbosity=2, exit=False).result")
        .AppendLine("    # The threads the code started end as at the interpreter's own exit: its exit callbacks (a thread pool's shutdown)")
        .AppendLine("    # run, then every non-daemon thread is waited for, those started meanwhile too; daemon threads are not waited for.")
        .AppendLine("    threading._shutdown()")
        .AppendLine("    guarded = threading.excepthook is thread_failed and sys.unraisablehook is unraisable")
        .AppendLine("    sys.stdout.flush()")
        .AppendLine("    sys.stderr.flush()")
        .AppendLine("    # Written only once the call returned, the test passed, no thread failed and the guard was left in place:")
        .AppendLine("    # code that ends the process early never gets here.")
        .AppendLine("    if result.wasSuccessful() and result.testsRun == 1 and not result.skipped and not THREAD_FAILURES and guarded:")
        .AppendLine($"        print({JsonSerializer.Serialize(ReproductionRun.PassedMarker)} + os.environ.get({JsonSerializer.Serialize(ReproductionRun.NonceVariable)}, \"\"), flush=True)")
        .AppendLine("        os._exit(0)")
        .AppendLine("    os._exit(1)")
        .ToString().Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>Python source for a value as sentry-python sent it, or null when a leaf is not a literal.</summary>
    internal static string? Source(JsonNode? node) => node switch
    {
        null => "None",
        JsonObject o => o.Select(p => (Key: Quote(p.Key), Value: Source(p.Value))).ToList() is var items && items.All(i => i.Value is not null)
            ? "{" + string.Join(", ", items.Select(i => $"{i.Key}: {i.Value}")) + "}" : null,
        JsonArray a => a.Select(Source).ToList() is var values && values.All(v => v is not null) ? "[" + string.Join(", ", values) + "]" : null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() is var text && Literal().IsMatch(text) ? text : null,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "True",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "False",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };

    private static string Quote(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "'";

    private static string Short(JsonNode value) => value.ToJsonString() is var s && s.Length > 80 ? s[..80] + "…" : s;

    private static string Comment(string text) => CommentText.Of(text);

    /// <summary>Beside the repository's own unittest files (the folder nearest the root that holds them), else at the root.</summary>
    internal static string TestDirectory(IReadOnlyList<string> files) =>
        files.Where(f => Path.GetFileName(f) is var name && name.EndsWith(".py", StringComparison.Ordinal) && (name.StartsWith("test_", StringComparison.Ordinal) || name.EndsWith("_test.py", StringComparison.Ordinal)))
            .Select(f => Path.GetDirectoryName(f)!.Replace('\\', '/'))
            .OrderBy(d => d.Length == 0 ? 0 : d.Count(c => c == '/') + 1).ThenBy(d => d, StringComparer.Ordinal).FirstOrDefault() ?? "";
}
