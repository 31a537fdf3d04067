using System.Text.RegularExpressions;

namespace BugSage.Server.Tests.Autofix.Corpus;

/// <summary>
/// Reads the crash a runtime printed (a Python traceback, a Node.js error stack, a .NET unhandled
/// exception) into the Sentry event its SDK would have sent: exception type and value, frames
/// oldest first with absolute paths, line numbers, the source line, and in-app for the program's
/// own files.
/// </summary>
public static partial class RuntimeCrash
{
    public sealed record Frame(string Path, string Function, int Line, int? Column);

    public sealed record Crash(string Platform, string Type, string Value, IReadOnlyList<Frame> Frames);

    [GeneratedRegex(@"^  File ""(?<path>[^""]+)"", line (?<line>\d+), in (?<fn>.+)$", RegexOptions.Multiline)]
    private static partial Regex PythonFrame();

    [GeneratedRegex(@"^(?<type>[A-Za-z_][\w.]*(?:Error|Exception|Warning|Interrupt|Exit))(?:: (?<value>.*))?$", RegexOptions.Multiline)]
    private static partial Regex PythonError();

    [GeneratedRegex(@"^    at (?:async )?(?:(?<fn>.+?) \()?(?<path>(?:/|node:)[^()]+?):(?<line>\d+):(?<col>\d+)\)?$", RegexOptions.Multiline)]
    private static partial Regex NodeFrame();

    [GeneratedRegex(@"^(?<type>\w*(?:Error|Exception))(?:: (?<value>.*))?$", RegexOptions.Multiline)]
    private static partial Regex NodeError();

    [GeneratedRegex(@"^Unhandled exception\. (?<type>[\w.`]+): (?<value>.*)$", RegexOptions.Multiline)]
    private static partial Regex DotnetError();

    [GeneratedRegex(@"^   at (?<fn>.+?\(.*?\))(?: in (?<path>.+):line (?<line>\d+))?$", RegexOptions.Multiline)]
    private static partial Regex DotnetFrame();

    public static Crash Read(string language, string output) => language switch
    {
        "python" => Python(output),
        "javascript" => Node(output),
        "csharp" => Dotnet(output),
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, "no reader for this runtime"),
    };

    private static Crash Python(string output)
    {
        var frames = PythonFrame().Matches(output).Select(m => new Frame(m.Groups["path"].Value, m.Groups["fn"].Value, int.Parse(m.Groups["line"].Value), null)).ToList();
        var error = PythonError().Matches(output).Last();
        return new Crash("python", error.Groups["type"].Value, error.Groups["value"].Value, frames);
    }

    private static Crash Node(string output)
    {
        var error = NodeError().Match(output);
        // Node prints the innermost call first; Sentry orders frames oldest first.
        var frames = NodeFrame().Matches(output[error.Index..]).Select(m => new Frame(m.Groups["path"].Value, m.Groups["fn"].Success ? m.Groups["fn"].Value : "<anonymous>",
            int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["col"].Value))).Reverse().ToList();
        return new Crash("node", error.Groups["type"].Value, error.Groups["value"].Value, frames);
    }

    private static Crash Dotnet(string output)
    {
        var error = DotnetError().Match(output);
        var frames = DotnetFrame().Matches(output[error.Index..]).Select(m => new Frame(m.Groups["path"].Success ? m.Groups["path"].Value : "",
            m.Groups["fn"].Value, m.Groups["line"].Success ? int.Parse(m.Groups["line"].Value) : 0, null)).Reverse().ToList();
        return new Crash("csharp", error.Groups["type"].Value, error.Groups["value"].Value, frames);
    }

    /// <summary>The event an SDK sends for the crash; frames under <paramref name="deployRoot"/> are the app's own.</summary>
    public static object ToEvent(Crash crash, string eventId, string release, string deployRoot) => new
    {
        event_id = eventId,
        platform = crash.Platform,
        level = "fatal",
        release,
        environment = "production",
        exception = new
        {
            values = new[]
            {
                new
                {
                    type = crash.Type,
                    value = crash.Value,
                    mechanism = new { type = "onuncaughtexception", handled = false },
                    stacktrace = new
                    {
                        frames = crash.Frames.Select(f =>
                        {
                            var inApp = f.Path.StartsWith(deployRoot, StringComparison.Ordinal) && !f.Path.Contains("/node_modules/", StringComparison.Ordinal);
                            var lines = inApp && File.Exists(f.Path) ? File.ReadAllLines(f.Path) : [];
                            return new
                            {
                                filename = inApp ? Path.GetRelativePath(deployRoot, f.Path) : f.Path,
                                abs_path = f.Path,
                                function = f.Function,
                                lineno = f.Line,
                                colno = f.Column,
                                in_app = inApp,
                                context_line = f.Line >= 1 && f.Line <= lines.Length ? lines[f.Line - 1] : null,
                            };
                        }).ToArray(),
                    },
                },
            },
        },
    };
}
