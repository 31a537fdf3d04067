using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Reproduction;

/// <summary>
/// A node:test test that runs the module whose top-level code is the crash's outermost in-app frame,
/// as the process ran it. V8 names that frame <c>Object.&lt;anonymous&gt;</c> (CommonJS) or leaves it
/// unnamed (an ES module), so the event itself says the whole call chain started there: loading the
/// module replays the chain with the module's own values and state, which is what a frame's variables
/// cannot carry (an instance built over several calls, an object whose arrays the SDK leaves out).
/// Work the module starts and leaves running (a promise, a timer) belongs to the run too: an error it
/// ends in is caught, and the harness's line is written only once the process has nothing left to do.
/// </summary>
public static partial class NodeEntryReproduction
{
    [GeneratedRegex(@"^\s*(?:export\s|import\s[^;]*\sfrom\s|import\s*['""])", RegexOptions.Multiline)]
    private static partial Regex EsModule();

    [GeneratedRegex(@"\brequire\.main\s*===?\s*module\b|\bmodule\s*===?\s*require\.main\b")]
    private static partial Regex MainGuard();

    /// <summary>Whether V8 named <paramref name="function"/> as a module's top-level code.</summary>
    public static bool IsTopLevel(string function) => function.Trim() is "Object.<anonymous>" or "<anonymous>" or "?" or "";

    /// <summary>The reproduction through the module of <paramref name="outermost"/>, or why it cannot be run from a test.</summary>
    public static (ReproductionTest? Test, string? Why) From(CrashFrame outermost, ExpectedFailure expected, string? failingExpression, IReadOnlyList<string> files)
    {
        var extension = Path.GetExtension(outermost.Path);
        if (extension is not (".js" or ".cjs" or ".mjs")) return (null, $"{outermost.Path} is not a JavaScript module");
        if (!IsTopLevel(outermost.Function)) return (null, $"the outermost frame, {outermost.Function}, is not a module's top-level code");
        if (Regex.IsMatch(Path.GetFileName(outermost.Path), @"\.(?:test|spec)\.[cm]?js$")) return (null, $"{outermost.Path} is a test file, not the program that crashed");
        // Guarded top-level code does nothing when a test loads the module: the run would pass and prove nothing.
        if (MainGuard().IsMatch(outermost.Source)) return (null, $"{outermost.Path} runs only as the process's main module (require.main === module)");

        var esm = extension == ".mjs" || (extension == ".js" && EsModule().IsMatch(outermost.Source));
        var directory = NodeReproduction.TestDirectory(files);
        var path = (directory.Length == 0 ? "" : directory + "/") + NodeReproduction.FileStem + (extension == ".js" ? ".js" : extension);
        var depth = directory.Length == 0 ? 0 : directory.Count(c => c == '/') + 1;
        var root = depth == 0 ? "" : ", " + string.Join(", ", Enumerable.Repeat("'..'", depth));
        var module = JsonSerializer.Serialize(outermost.Path);
        var code = new StringBuilder()
            .AppendLine(esm ? "" : "'use strict';")
            .AppendLine($"// Reproduces the crash: {CommentText.Of(expected.ExceptionType)} in {CommentText.Of(expected.Function)} of {CommentText.Of(expected.Path)}.")
            .AppendLine($"// BugSage wrote it from the event: the crash's call chain starts in the top-level code of {CommentText.Of(outermost.Path)}, so")
            .AppendLine("// the test loads that module as the process did, and fails while the bug is there." + (failingExpression is { } e ? $" The failing expression: {CommentText.Of(e)}" : ""))
            .AppendLine(esm ? "import test from 'node:test';" : "const test = require('node:test');")
            .AppendLine(esm ? "import path from 'node:path';" : "const path = require('node:path');")
            .AppendLine(esm ? "import { fileURLToPath, pathToFileURL } from 'node:url';" : "")
            .AppendLine()
            .AppendLine(esm ? $"const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)){root});" : $"const ROOT = path.resolve(__dirname{root});")
            .AppendLine()
            .Append(NodeReproduction.ReportFunction)
            .AppendLine()
            .AppendLine("// What the module started and left running fails the run as the crash did: the first error is the one reported.")
            .AppendLine("let failed = false;")
            .AppendLine("function fail(error) {")
            .AppendLine("  if (!failed) report(error);")
            .AppendLine("  failed = true;")
            .AppendLine("  process.exitCode = 1;")
            .AppendLine("}")
            .AppendLine("process.on('uncaughtException', fail);")
            .AppendLine("process.on('unhandledRejection', fail);")
            .AppendLine()
            .AppendLine("// Set once the module loaded, and once the process ran out of work: code that ends the process early (process.exit(0)) never gets there.")
            .AppendLine("let returned = false;")
            .AppendLine("let drained = false;")
            .AppendLine("process.on('beforeExit', () => { drained = true; });")
            .AppendLine("// Written at exit, after node:test's own report, so it is the run's last line.")
            .AppendLine("process.on('exit', (code) => {")
            .AppendLine($"  if (returned && drained && !failed && code === 0) process.stdout.write({JsonSerializer.Serialize(ReproductionRun.PassedMarker)} + (process.env.{ReproductionRun.NonceVariable} || '') + '\\n');")
            .AppendLine("});")
            .AppendLine()
            .AppendLine($"test({JsonSerializer.Serialize(outermost.Path + " as the crash ran it")}, async () => {{")
            .AppendLine("  try {")
            .AppendLine(esm ? $"    await import(pathToFileURL(path.join(ROOT, {module})).href);" : $"    require(path.join(ROOT, {module}));")
            .AppendLine("    returned = true;")
            .AppendLine("  } catch (error) {")
            .AppendLine("    fail(error);")
            .AppendLine("    throw error;")
            .AppendLine("  }")
            .AppendLine("});")
            .ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        code = Regex.Replace(code.TrimStart('\n'), "\n{3,}", "\n\n");
        return (new ReproductionTest("javascript", path, code, $"node {path}", expected, $"the top-level code of {outermost.Path}"), null);
    }
}
