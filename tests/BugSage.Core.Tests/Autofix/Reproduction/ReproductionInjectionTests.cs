using System.Diagnostics;
using System.Text.Json.Nodes;
using BugSage.Core.Autofix.Reproduction;

namespace BugSage.Core.Tests.Autofix.Reproduction;

/// <summary>
/// The exception type, the function name and the failing expression in a generated test's comments come
/// from an event anyone with the public DSN can send. Text that closed the docstring or ended a comment
/// line would make the sender's code part of the test, which could fail on the release and pass on every
/// candidate: a forged proof. Whatever the text, it stays inert in the test.
/// </summary>
public sealed class ReproductionInjectionTests
{
    // Each closes a Python docstring or ends a JavaScript comment line in its own way, then calls INJECTED().
    private static readonly string[] Hostile =
    [
        "ValueError\"\"\"\nINJECTED()\n\"\"\"",
        "KeyError\rINJECTED()\r#",
        "TypeError\u2028INJECTED()\u2029//",
        "Error\u0085INJECTED()\\\n\"\"\"",
        "x\\\"\"\"; INJECTED() #",
    ];

    private const string Settings = """
        def merge(base: dict, override: dict) -> dict:
            merged = dict(base)
            for key, value in override.items():
                merged[key] = merge(merged[key], value) if isinstance(value, dict) else value
            return merged
        """;

    private const string Duration = """
        'use strict';
        function parseDuration(text) {
          const match = /^(\d+)h$/.exec(text);
          return Number(match[1]) * 60;
        }
        module.exports = { parseDuration };
        """;

    public static TheoryData<int> Texts() => [.. Enumerable.Range(0, Hostile.Length)];

    [Theory]
    [MemberData(nameof(Texts))]
    public void Event_text_in_a_python_reproduction_never_becomes_code(int which)
    {
        var text = Hostile[which];
        var vars = JsonNode.Parse("""{"base": {"a": "1"}, "override": {"b": {"c": "2"}}}""")!.AsObject();
        var built = ReproductionBuilder.Build("python", [new CrashFrame("settings.py", "merge", 4, vars, Settings)],
            new ExpectedFailure(text, text, "settings.py"), text, ["settings.py", "test_settings.py"]);
        var code = built.Test.ShouldNotBeNull(built.Why).Code;

        // Python's own parser decides: no name INJECTED anywhere in the module's syntax tree.
        var names = Python("import ast, sys\nprint(sum(1 for n in ast.walk(ast.parse(sys.stdin.read())) if isinstance(n, ast.Name) and n.id == 'INJECTED'))", code);
        names.ShouldBe("0", code);
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Event_text_in_a_javascript_reproduction_stays_inside_its_comment_lines(int which)
    {
        var text = Hostile[which];
        var vars = JsonNode.Parse("""{"text": "'90m'"}""")!.AsObject();
        var built = ReproductionBuilder.Build("javascript", [new CrashFrame("lib/duration.js", "parseDuration", 4, vars, Duration)],
            new ExpectedFailure(text, text, "lib/duration.js"), text, ["lib/duration.js", "package.json"]);
        var code = built.Test.ShouldNotBeNull(built.Why).Code;

        // JavaScript's line terminators are LF, CR, LS and PS: every line that holds the text is a comment.
        foreach (var line in code.Split(['\n', '\r', '\u2028', '\u2029']).Where(l => l.Contains("INJECTED", StringComparison.Ordinal)))
            line.TrimStart().ShouldStartWith("//", customMessage: code);
        code.ShouldContain("INJECTED", customMessage: "the text is still shown, made inert");
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Event_text_in_a_replayed_javascript_script_stays_inside_its_comment_lines(int which)
    {
        var text = Hostile[which];
        const string script = "'use strict';\nconst { parseDuration } = require('./lib/duration');\nconsole.log(parseDuration('90m'));\n";
        var built = ReproductionBuilder.Build("javascript", [new CrashFrame("lib/duration.js", "parseDuration", 4, null, Duration), new CrashFrame("run.js", "Object.<anonymous>", 3, null, script)],
            new ExpectedFailure(text, text, "lib/duration.js"), text, ["lib/duration.js", "run.js"]);
        var code = built.Test.ShouldNotBeNull(built.Why).Code;

        foreach (var line in code.Split(['\n', '\r', '\u2028', '\u2029']).Where(l => l.Contains("INJECTED", StringComparison.Ordinal)))
            line.TrimStart().ShouldStartWith("//", customMessage: code);
        code.ShouldContain("INJECTED", customMessage: "the text is still shown, made inert");
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Event_text_in_a_csharp_reproduction_never_becomes_code(int which)
    {
        var text = Hostile[which];
        var projects = new Dictionary<string, string>
        {
            ["Lib/Lib.csproj"] = "<Project Sdk=\"Microsoft.NET.Sdk\" />",
            ["Lib.Tests/Lib.Tests.csproj"] = "<Project><ItemGroup><PackageReference Include=\"xunit\" /><ProjectReference Include=\"../Lib/Lib.csproj\" /></ItemGroup></Project>",
        };
        var built = ReproductionBuilder.Build("dotnet", [new CrashFrame("App/Program.cs", "Program.<Main>$(String[] args)", 1, null, "System.Console.WriteLine(Lib.Parser.Parse(\"x\"));\n")],
            new ExpectedFailure(text, text, "Lib/Parser.cs"), text, [], projects);
        var code = built.Test.ShouldNotBeNull(built.Why).Code;

        // C#'s own parser decides: no name INJECTED anywhere outside comments.
        Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(code).GetRoot().DescendantTokens()
            .Where(t => t.Text.Contains("INJECTED", StringComparison.Ordinal)).ShouldBeEmpty(code);
        code.ShouldContain("INJECTED", customMessage: "the text is still shown, made inert");
    }

    private static string Python(string script, string input)
    {
        using var process = Process.Start(new ProcessStartInfo("python3", ["-c", script]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, "the generated test must parse: " + error);
        return output.Trim();
    }
}
