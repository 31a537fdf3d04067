using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Reproduction;

/// <summary>
/// A node:test test that calls an exported function of the crash's call chain with the arguments its
/// frame's variables show. @sentry/node sends them with <c>includeLocalVariables: true</c>: primitives as
/// JSON, <c>undefined</c> as <c>"&lt;undefined&gt;"</c>, objects with their primitive properties only (an
/// array or object inside one is left out), so a rebuilt argument can lack what made the call fail; the
/// baseline run tells.
/// </summary>
public static partial class NodeReproduction
{
    /// <summary>
    /// The test's <c>report(error)</c>: prints the marker with the error's type and the innermost frame in the repository
    /// (outside node_modules), where the crash happened. Shared by the frame call and the whole-script replay.
    /// </summary>
    internal static string ReportFunction { get; } = BuildReportFunction();

    private static string BuildReportFunction() => new StringBuilder()
        .AppendLine("// The innermost frame in the repository (outside node_modules) is where the crash happened.")
        .AppendLine("function report(error) {")
        .AppendLine("  const frames = String((error && error.stack) || '').split('\\n')")
        .AppendLine("    .map((line) => /^\\s+at (?:async )?(?:(.+?) \\()?(?:file:\\/\\/)?(\\/[^()]+?):\\d+:\\d+\\)?$/.exec(line))")
        .AppendLine("    .filter((at) => at && at[2].startsWith(ROOT + path.sep) && !at[2].includes('/node_modules/'));")
        .AppendLine("  const at = frames[0];")
        .AppendLine($"  console.log({JsonSerializer.Serialize(ReproductionRun.Marker)} + JSON.stringify({{ type: (error && error.name) || typeof error,")
        .AppendLine("    function: at ? at[1] || '<anonymous>' : null, file: at ? path.relative(ROOT, at[2]) : null }));")
        .AppendLine("}")
        .ToString();

    private const string Undefined = "<undefined>";

    [GeneratedRegex(@"(?<async>\basync\s+)?\bfunction\s*\*?\s*(?<name>[A-Za-z_$][\w$]*)\s*\(")]
    private static partial Regex FunctionDeclaration();

    [GeneratedRegex(@"\b(?<name>[A-Za-z_$][\w$]*)\s*=\s*(?<async>async\s+)?(?:function\b[^(]*(?<open>\()|(?<open>\()[^()]*\)\s*=>|(?<single>[A-Za-z_$][\w$]*)\s*=>)")]
    private static partial Regex FunctionExpression();

    [GeneratedRegex(@"^\s*(?:export\s|import\s[^;]*\sfrom\s)", RegexOptions.Multiline)]
    private static partial Regex EsModule();

    [GeneratedRegex(@"^[A-Za-z_$][\w$]*$")]
    private static partial Regex Identifier();

    public const string FileStem = "bugsage-reproduction.test";

    /// <summary>The reproduction through <paramref name="frame"/>, or why that frame cannot be called from a test.</summary>
    public static (ReproductionTest? Test, string? Why) From(CrashFrame frame, ExpectedFailure expected, string? failingExpression, IReadOnlyList<string> files)
    {
        var extension = Path.GetExtension(frame.Path);
        if (extension is not (".js" or ".cjs" or ".mjs")) return (null, $"{frame.Path} is not a JavaScript module");
        var function = ReproductionRun.FunctionName(frame.Function);
        if (!Identifier().IsMatch(function)) return (null, $"{frame.Function} is not a named function a test can call");
        // Awaited whether or not it is async: a sync function's throw is caught the same way.
        var (parameters, _) = Header(frame.Source, function);
        if (parameters is null) return (null, $"{function}() is not declared as a function in {frame.Path}");
        var esm = extension == ".mjs" || (extension == ".js" && EsModule().IsMatch(frame.Source));
        if (!Exported(frame.Source, function, esm, out var wholeModule)) return (null, $"{function}() is not exported from {frame.Path}, so no test can call it");

        var arguments = new List<string>();
        foreach (var parameter in parameters)
        {
            var name = parameter.Split('=', 2)[0].Trim();
            var rest = name.StartsWith("...", StringComparison.Ordinal);
            if (rest) name = name[3..].Trim();
            if (!Identifier().IsMatch(name)) return (null, $"{function}() destructures a parameter ({Short(parameter)}), which the SDK sends no value for");
            if (frame.Vars?[name] is not { } value)
            {
                // A defaulted or rest parameter may have been left out; the SDK leaves out functions and nested values.
                if (parameter.Contains('=') || rest) break;
                return (null, $"the event carries no value for {name}, a parameter of {function}()");
            }
            var literal = Source(value);
            arguments.Add(rest && value is JsonArray ? "..." + literal : literal);
        }

        var directory = TestDirectory(files);
        var testExtension = extension == ".js" ? ".js" : extension;
        var path = (directory.Length == 0 ? "" : directory + "/") + FileStem + testExtension;
        var depth = directory.Length == 0 ? 0 : directory.Count(c => c == '/') + 1;
        var target = "./" + string.Join('/', Enumerable.Repeat("..", depth)) + (depth > 0 ? "/" : "") + frame.Path;
        target = target.Replace("./../", "../", StringComparison.Ordinal);
        var call = $"{(wholeModule ? "target" : "target." + function)}({string.Join(", ", arguments)})";
        var root = depth == 0 ? "" : ", " + string.Join(", ", Enumerable.Repeat("'..'", depth));
        var code = new StringBuilder()
            .AppendLine(esm ? "" : "'use strict';")
            .AppendLine($"// Reproduces the crash: {CommentText.Of(expected.ExceptionType)} in {CommentText.Of(expected.Function)} of {CommentText.Of(expected.Path)}.")
            .AppendLine($"// BugSage wrote it from the event: it calls {function}() of {CommentText.Of(frame.Path)} with the values the SDK sent")
            .AppendLine("// for that frame's variables, and fails while the bug is there." + (failingExpression is { } e ? $" The failing expression: {CommentText.Of(e)}" : ""))
            .AppendLine(esm ? "import test from 'node:test';" : "const test = require('node:test');")
            .AppendLine(esm ? "import path from 'node:path';" : "const path = require('node:path');")
            .AppendLine(esm ? "import { fileURLToPath } from 'node:url';" : "")
            .AppendLine()
            .AppendLine(esm ? $"const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)){root});" : $"const ROOT = path.resolve(__dirname{root});")
            .AppendLine()
            .Append(ReportFunction)
            .AppendLine()
            .AppendLine("// Set only once the call returned: code that ends the process early (process.exit(0)) never sets it.")
            .AppendLine("let returned = false;")
            .AppendLine("// Written at exit, after node:test's own report, so it is the run's last line.")
            .AppendLine("process.on('exit', (code) => {")
            .AppendLine($"  if (returned && code === 0) process.stdout.write({JsonSerializer.Serialize(ReproductionRun.PassedMarker)} + (process.env.{ReproductionRun.NonceVariable} || '') + '\\n');")
            .AppendLine("});")
            .AppendLine()
            .AppendLine($"test('{function} as the crash called it', async () => {{")
            .AppendLine("  try {")
            .AppendLine(esm ? $"    const target = await import('{target}');" : $"    const target = require('{target}');")
            .AppendLine($"    await {call};")
            .AppendLine("    returned = true;")
            .AppendLine("  } catch (error) {")
            .AppendLine("    report(error);")
            .AppendLine("    throw error;")
            .AppendLine("  }")
            .AppendLine("});")
            .ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        code = Regex.Replace(code.TrimStart('\n'), "\n{3,}", "\n\n");
        if (esm && wholeModule) code = code.Replace("await target(", "await target.default(", StringComparison.Ordinal);
        return (new ReproductionTest("javascript", path, code, $"node {path}", expected, $"{function}({string.Join(", ", arguments)}) from {frame.Path}"), null);
    }

    /// <summary>The function's parameters and whether it is async, or null parameters when no declaration of it is found.</summary>
    private static (IReadOnlyList<string>? Parameters, bool Async) Header(string source, string function)
    {
        if (FunctionDeclaration().Matches(source).FirstOrDefault(m => m.Groups["name"].Value == function) is { } declaration)
            return (Signature.Between(source, declaration.Index + declaration.Length - 1) is { } inside ? Signature.Split(inside) : null, declaration.Groups["async"].Success);
        if (FunctionExpression().Matches(source).FirstOrDefault(m => m.Groups["name"].Value == function) is { } expression)
            return expression.Groups["single"].Success ? ([expression.Groups["single"].Value], expression.Groups["async"].Success)
                : (Signature.Between(source, expression.Groups["open"].Index) is { } inside ? Signature.Split(inside) : null, expression.Groups["async"].Success);
        return (null, false);
    }

    /// <summary>Whether a test can reach the function: a named export, or the module's one export (<c>module.exports = f</c>).</summary>
    private static bool Exported(string source, string function, bool esm, out bool wholeModule)
    {
        var name = Regex.Escape(function);
        wholeModule = Regex.IsMatch(source, $@"\bmodule\.exports\s*=\s*{name}\s*;?\s*$", RegexOptions.Multiline)
            || (esm && Regex.IsMatch(source, $@"\bexport\s+default\s+(?:async\s+)?(?:function\s*\*?\s*)?{name}\b"));
        if (wholeModule) return true;
        return esm
            ? Regex.IsMatch(source, $@"\bexport\s+(?:async\s+)?(?:function\s*\*?|const|let|var)\s*{name}\b") || Regex.IsMatch(source, $@"\bexport\s*\{{[^}}]*\b{name}\b[^}}]*\}}")
            : Regex.IsMatch(source, $@"\bmodule\.exports\s*=\s*\{{[^}}]*\b{name}\b[^}}]*\}}") || Regex.IsMatch(source, $@"\b(?:module\.)?exports\.{name}\s*=");
    }

    /// <summary>JavaScript source for a value as @sentry/node sent it.</summary>
    internal static string Source(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject { Count: 0 } => "{}",
        JsonObject o => "{ " + string.Join(", ", o.Select(p => $"{JsonSerializer.Serialize(p.Key)}: {Source(p.Value)}")) + " }",
        JsonArray a => "[" + string.Join(", ", a.Select(Source)) + "]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == Undefined => "undefined",
        _ => node.ToJsonString(),
    };

    private static string Short(string text) => text.Length > 60 ? text[..60] + "…" : text;

    /// <summary>Beside the repository's own node:test files (the folder nearest the root that holds them), else <c>test/</c>.</summary>
    internal static string TestDirectory(IReadOnlyList<string> files) =>
        files.Where(f => !f.Contains("node_modules/", StringComparison.Ordinal) && Regex.IsMatch(Path.GetFileName(f), @"\.(?:test|spec)\.[cm]?js$"))
            .Select(f => Path.GetDirectoryName(f)!.Replace('\\', '/'))
            .OrderBy(d => d.Length == 0 ? 0 : d.Count(c => c == '/') + 1).ThenBy(d => d, StringComparer.Ordinal).FirstOrDefault() ?? "test";
}
