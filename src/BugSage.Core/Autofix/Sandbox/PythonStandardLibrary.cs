using System.Diagnostics;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>
/// Python puts a script's directory (and pytest a test's) first on its import path, so a file
/// named like a standard module (<c>argparse.py</c>, <c>difflib.py</c>) replaces that module for
/// the whole test run. The names come from the interpreter the sandbox runs
/// (<c>/usr/bin/python3</c>, which the sandbox sees under <c>/usr</c>; <c>sys.stdlib_module_names</c>), with a list of the usual ones when it cannot be asked.
/// </summary>
public static class PythonStandardLibrary
{
    private static readonly Lazy<HashSet<string>> Names = new(Load);

    /// <summary>Whether a file of the patch would stand in for a standard module: <c>x.py</c> or a package <c>x/</c>, at any depth.</summary>
    public static bool Shadows(string path)
    {
        var segments = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0) return false;
        var file = segments[^1];
        if (file.EndsWith(".py", StringComparison.Ordinal) && Names.Value.Contains(file[..^3])) return true;
        // A package directory named like a module shadows it just the same.
        return segments.Length > 1 && segments[^1] == "__init__.py" && Names.Value.Contains(segments[^2]);
    }

    private static HashSet<string> Load()
    {
        try
        {
            var psi = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3", ["-I", "-c", "import sys; print('\\n'.join(sorted(sys.stdlib_module_names)))"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using var process = Process.Start(psi);
            if (process is not null)
            {
                var output = process.StandardOutput.ReadToEnd();
                if (process.WaitForExit(10_000) && process.ExitCode == 0)
                {
                    var names = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
                    if (names.Count > 100) return names;
                }
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No python3 here: the list below.
        }
        return
        [
            "abc", "argparse", "ast", "asyncio", "base64", "bisect", "builtins", "collections", "contextlib", "copy", "csv", "dataclasses", "datetime",
            "decimal", "difflib", "enum", "fnmatch", "functools", "glob", "hashlib", "heapq", "importlib", "inspect", "io", "itertools", "json",
            "logging", "math", "operator", "os", "pathlib", "pickle", "platform", "pprint", "random", "re", "runpy", "shutil", "signal", "site", "socket",
            "sqlite3", "string", "struct", "subprocess", "sys", "tempfile", "textwrap", "threading", "time", "traceback", "types", "typing",
            "unittest", "urllib", "uuid", "warnings", "weakref", "zipfile",
        ];
    }
}
