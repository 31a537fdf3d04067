using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BugSage.Core.Autofix.Reproduction;

/// <summary>
/// An xunit test that replays the program whose top-level statements are the crash's outermost in-app
/// frame (the runtime names it <c>Program.&lt;Main&gt;$</c>). The .NET SDK sends no frame variables, so no
/// single call of the chain can be rebuilt with its arguments; the entry point's statements, though, are
/// the repository's own code and carry every value and all the state the chain was driven with. The test
/// goes into the repository's xunit project that references the culprit's project, runs with
/// <c>dotnet test --no-restore</c> (the restore step has filled the package cache; the sandbox has no
/// network), and writes its lines to a file the command prints last, since xunit keeps a test's console.
/// </summary>
public static class DotnetReproduction
{
    public const string FileName = "BugSageReproduction.cs";

    /// <summary>Where the test writes its lines, relative to the repository's root; the command prints it after <c>dotnet test</c>.</summary>
    public const string OutputFile = ".bugsage-reproduction.out";

    // What a console project's implicit usings bring, for a test project that has none.
    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>Whether the runtime named <paramref name="function"/> as a program's top-level statements.</summary>
    public static bool IsTopLevel(string function) => function.Contains("<Main>$", StringComparison.Ordinal);

    /// <param name="projects">The repository's project files (<c>.csproj</c>) by path, with their text.</param>
    public static (ReproductionTest? Test, string? Why) From(CrashFrame outermost, ExpectedFailure expected, string? failingExpression, IReadOnlyDictionary<string, string> projects)
    {
        if (!outermost.Path.EndsWith(".cs", StringComparison.Ordinal)) return (null, $"{outermost.Path} is not a C# file");
        if (!IsTopLevel(outermost.Function)) return (null, $"the outermost frame, {outermost.Function}, is not a program's top-level statements");
        var unit = CSharpSyntaxTree.ParseText(outermost.Source).GetCompilationUnitRoot();
        if (unit.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)) return (null, $"{outermost.Path} does not parse");
        var statements = unit.Members.OfType<GlobalStatementSyntax>().ToList();
        if (statements.Count == 0) return (null, $"{outermost.Path} has no top-level statements");

        var culprit = ProjectOf(expected.Path, projects);
        if (culprit is null) return (null, $"no project in the repository holds {expected.Path}");
        var program = ProjectOf(outermost.Path, projects);
        var needed = program is null ? [] : References(program, projects[program]).Append(culprit).Distinct().ToList();
        var testProject = projects
            .Where(p => p.Value.Contains("Include=\"xunit", StringComparison.OrdinalIgnoreCase) && References(p.Key, p.Value).Contains(culprit))
            .OrderByDescending(p => References(p.Key, p.Value).Intersect(needed).Count())
            .ThenBy(p => p.Key.Length).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key).FirstOrDefault();
        if (testProject is null) return (null, $"no xunit test project of the repository references {culprit}, the project of {expected.Path}");

        var directory = Path.GetDirectoryName(testProject)!.Replace('\\', '/');
        var path = directory.Length == 0 ? FileName : $"{directory}/{FileName}";
        var depth = directory.Length == 0 ? 0 : directory.Count(c => c == '/') + 1;
        // A top-level `return 1;` makes the entry point return an int; a bare `return;` leaves it void.
        var returnsValue = statements.SelectMany(s => s.DescendantNodes(n => n is not (LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)))
            .OfType<ReturnStatementSyntax>().Any(r => r.Expression is not null);
        var usings = unit.Usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.None)).Select(u => u.ToString().Trim())
            .Concat(ImplicitUsings.Select(u => $"using {u};")).Distinct().ToList();
        var declarations = unit.Members.Where(m => m is not GlobalStatementSyntax).Select(m => m.ToFullString().Trim()).ToList();
        var body = string.Join("\n", statements.Select(s => s.ToFullString().TrimEnd())).TrimStart('\r', '\n');

        var code = new StringBuilder()
            .AppendLine($"// Reproduces the crash: {CommentText.Of(expected.ExceptionType)} in {CommentText.Of(expected.Function)} of {CommentText.Of(expected.Path)}.")
            .AppendLine($"// BugSage wrote it from the event: the crash's call chain starts in the top-level statements of {CommentText.Of(outermost.Path)},")
            .AppendLine("// so the test runs those statements as the program did, and fails while the bug is there." + (failingExpression is { } e ? $" The failing expression: {CommentText.Of(e)}" : ""))
            .AppendLine("#pragma warning disable")
            .AppendLine("#nullable enable")
            .AppendLine("namespace BugSageReproduction")
            .AppendLine("{")
            .AppendLine(string.Join("\n", usings.Select(u => "    " + u)))
            .AppendLine()
            .AppendLine("    public sealed class CrashReproduction")
            .AppendLine("    {")
            .AppendLine("        [global::Xunit.Fact]")
            .AppendLine("        public async Task Program_as_the_crash_ran_it()")
            .AppendLine("        {")
            .AppendLine($"            var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Here())!{string.Concat(Enumerable.Repeat(", \"..\"", depth))}));")
            .AppendLine($"            var output = Path.Combine(root, {JsonSerializer.Serialize(OutputFile)});")
            // The test host runs in its output folder; `dotnet run --project App` from the repository's root runs the program there,
            // and a relative path it reads (exports/2024-06-21.csv) means the same file only from there.
            .AppendLine("            // Run from the repository's root, as the program runs when started from there: its relative paths read the same files.")
            .AppendLine("            Environment.CurrentDirectory = root;")
            .AppendLine("            try")
            .AppendLine("            {")
            .AppendLine("                await Replay(Array.Empty<string>());")
            .AppendLine("            }")
            .AppendLine("            catch (Exception error)")
            .AppendLine("            {")
            .AppendLine("                File.WriteAllText(output, Report(error, root) + \"\\n\");")
            .AppendLine("                throw;")
            .AppendLine("            }")
            .AppendLine("            // Written only once the statements ran to their end: code that ends the process early never gets here.")
            .AppendLine($"            File.WriteAllText(output, {JsonSerializer.Serialize(ReproductionRun.PassedMarker)} + Environment.GetEnvironmentVariable({JsonSerializer.Serialize(ReproductionRun.NonceVariable)}) + \"\\n\");")
            .AppendLine("        }")
            .AppendLine()
            .AppendLine("        private static string Here([global::System.Runtime.CompilerServices.CallerFilePath] string file = \"\") => file;")
            .AppendLine()
            .AppendLine("        // The innermost frame in the repository is where the crash happened, named as the runtime prints it.")
            .AppendLine("        private static string Report(Exception error, string root)")
            .AppendLine("        {")
            .AppendLine("            var at = (error.StackTrace ?? \"\").Split('\\n')")
            .AppendLine("                .Select(line => global::System.Text.RegularExpressions.Regex.Match(line.TrimEnd(), @\"^\\s*at (?<function>.+?) in (?<file>.+):line \\d+$\"))")
            .AppendLine("                .FirstOrDefault(m => m.Success && m.Groups[\"file\"].Value.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal));")
            .AppendLine($"            return {JsonSerializer.Serialize(ReproductionRun.Marker)} + global::System.Text.Json.JsonSerializer.Serialize(new global::System.Collections.Generic.Dictionary<string, string?>")
            .AppendLine("            {")
            .AppendLine("                [\"type\"] = error.GetType().FullName,")
            .AppendLine("                [\"function\"] = at?.Groups[\"function\"].Value,")
            .AppendLine("                [\"file\"] = at is null ? null : Path.GetRelativePath(root, at.Groups[\"file\"].Value).Replace('\\\\', '/'),")
            .AppendLine("            });")
            .AppendLine("        }")
            .AppendLine()
            .AppendLine($"        // The top-level statements of {CommentText.Of(outermost.Path)}, as written.")
            .AppendLine($"        private static async Task{(returnsValue ? "<int>" : "")} Replay(string[] args)")
            .AppendLine("        {")
            .AppendLine(body)
            .AppendLine(returnsValue ? "            return 0;" : "")
            .AppendLine("        }")
            .AppendLine("    }")
            .AppendLine()
            .AppendLine(string.Join("\n\n", declarations))
            .AppendLine("}")
            .ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        var output = $"\"{OutputFile}\"";
        var command = $"rm -f {output}; dotnet test {Quote(testProject)} --no-restore -nologo -nodeReuse:false --filter \"FullyQualifiedName~BugSageReproduction.CrashReproduction\"; " +
            $"status=$?; cat {output} 2>/dev/null; exit $status";
        return (new ReproductionTest("csharp", path, code, command, expected, $"the top-level statements of {outermost.Path}"), null);
    }

    /// <summary>The project file nearest above <paramref name="file"/>.</summary>
    internal static string? ProjectOf(string file, IReadOnlyDictionary<string, string> projects)
    {
        for (var directory = Path.GetDirectoryName(file)?.Replace('\\', '/'); directory is not null; directory = Path.GetDirectoryName(directory)?.Replace('\\', '/'))
            if (projects.Keys.Where(p => (Path.GetDirectoryName(p)?.Replace('\\', '/') ?? "") == directory).Order(StringComparer.Ordinal).FirstOrDefault() is { } project)
                return project;
        return null;
    }

    /// <summary>The repository paths of the projects <paramref name="project"/> references.</summary>
    private static IEnumerable<string> References(string project, string text)
    {
        var directory = Path.GetDirectoryName(project)!.Replace('\\', '/');
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"<ProjectReference\s+Include\s*=\s*""(?<path>[^""]+)"""))
        {
            var parts = new List<string>(directory.Length == 0 ? [] : directory.Split('/'));
            foreach (var part in m.Groups["path"].Value.Replace('\\', '/').Split('/'))
            {
                if (part is "" or ".") continue;
                if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); }
                else parts.Add(part);
            }
            yield return string.Join('/', parts);
        }
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
