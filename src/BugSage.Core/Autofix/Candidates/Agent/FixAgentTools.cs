using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Analysis.Chat;
using BugSage.Core.Autofix.Sandbox;
using Microsoft.Extensions.AI;

namespace BugSage.Core.Autofix.Candidates.Agent;

/// <summary>
/// The fix step's tools: read a file and search the repository (at the analysed revision), read or run the
/// reproduction, run the tests, and propose an edit. Every answer is text for the model; arguments that do not
/// fit a tool's schema get the schema's complaint. A candidate is built and tested at most once, and no more
/// candidates run in the sandbox than <see cref="FixAgentOptions.MaxSandboxRuns"/>.
/// </summary>
internal sealed class FixAgentTools(IFixWorkspace workspace, FixAgentOptions limits)
{
    public const string ReadFile = "read_file";
    public const string SearchRepository = "search_repository";
    public const string RunReproduction = "run_reproduction";
    public const string RunTests = "run_tests";
    public const string ProposeEdit = "propose_edit";

    private const int MaxLinesRead = 300;
    private const int MaxLineChars = 500;
    private const int MaxReadChars = 30_000;
    private const int MaxMatches = 40;
    private const int MaxLogTail = 3_000;
    private const int MaxEdits = 4;

    /// <summary>An identical call made this many times is answered from memory, not run again: a model going round in circles spends nothing.</summary>
    private const int MaxRepeats = 2;

    private readonly Dictionary<int, CandidateResult> tried = [];
    private readonly Dictionary<string, int> seen = new(StringComparer.Ordinal);

    public List<FixCandidate> Candidates { get; } = [];

    public int SandboxRuns { get; private set; }

    private static readonly (string Name, string Description, JsonObject Schema)[] Tools =
    [
        (ReadFile, "Read a file of the repository at the failing revision, with line numbers (at most 300 lines per call).", Schema("""
            {"type":"object","required":["path"],"properties":{
              "path":{"type":"string","minLength":1,"maxLength":400,"description":"path from the repository root"},
              "first_line":{"type":"integer","minimum":1},"last_line":{"type":"integer","minimum":1}}}
            """)),
        (SearchRepository, "Find the lines of the repository that contain a text (plain text, not a pattern).", Schema("""
            {"type":"object","required":["text"],"properties":{"text":{"type":"string","minLength":2,"maxLength":200}}}
            """)),
        (RunReproduction, "Without a candidate: the reproduction test and how it fails on the unpatched code. With a candidate number: build that candidate in the sandbox and say whether the reproduction passes with it.", Schema("""
            {"type":"object","properties":{"candidate":{"type":"integer","minimum":1}}}
            """)),
        (RunTests, "Build a proposed candidate in the sandbox and run the repository's tests with it: whether it applied and built, and which tests failed.", Schema("""
            {"type":"object","required":["candidate"],"properties":{"candidate":{"type":"integer","minimum":1}}}
            """)),
        (ProposeEdit, "Propose a candidate fix: one or more edits, each replacing an exact snippet of a file (copied from the file without line numbers, unique in it) with new text. Answers the candidate's number and diff.", Schema("""
            {"type":"object","required":["summary","edits"],"properties":{
              "summary":{"type":"string","minLength":1,"maxLength":200,"description":"what the fix changes and why, in one sentence"},
              "edits":{"type":"array","minItems":1,"maxItems":4,"items":{"type":"object","required":["path","find","replace"],"properties":{
                "path":{"type":"string","minLength":1,"maxLength":400},
                "find":{"type":"string","minLength":1,"maxLength":8000},
                "replace":{"type":"string","maxLength":8000}}}}}}
            """)),
    ];

    public static IReadOnlyList<AITool> Declarations { get; } =
        [.. Tools.Select(t => (AITool)AIFunctionFactory.CreateDeclaration(t.Name, t.Description, JsonSerializer.SerializeToElement(t.Schema)))];

    private static JsonObject Schema(string json) => (JsonObject)JsonNode.Parse(json)!;

    /// <summary>The tool's answer to one call; a tool that does not exist or arguments that do not fit are answered, never thrown.</summary>
    public async Task<string> RunAsync(string name, JsonObject arguments, CancellationToken ct)
    {
        // An optional argument sent as null is an argument not sent.
        foreach (var unset in arguments.Where(a => a.Value is null).Select(a => a.Key).ToList()) arguments.Remove(unset);
        if (Tools.FirstOrDefault(t => t.Name == name) is not { Schema: { } schema }) return $"There is no tool named {name}. The tools are: {string.Join(", ", Tools.Select(t => t.Name))}.";
        if (JsonSchemaCheck.Errors(schema, arguments) is { Count: > 0 } misfits) return "The arguments do not fit the tool: " + string.Join("; ", misfits);
        var key = name + " " + arguments.ToJsonString();
        seen[key] = seen.GetValueOrDefault(key) + 1;
        if (seen[key] > MaxRepeats) return $"You made this exact call {MaxRepeats} times already and its answer has not changed. Do something else, or finish.";
        return name switch
        {
            ReadFile => await ReadAsync(arguments["path"]!.GetValue<string>(), Int(arguments, "first_line"), Int(arguments, "last_line"), ct),
            SearchRepository => await SearchAsync(arguments["text"]!.GetValue<string>(), ct),
            // The reproduction is written from the event's values, and runs print them: what these answer is report, fenced as the brief's is.
            RunReproduction => Fenced(Int(arguments, "candidate") is { } number ? await ReproduceAsync(number, ct) : workspace.DescribeReproduction()),
            RunTests => Fenced(await TestAsync(Int(arguments, "candidate")!.Value, ct)),
            _ => await ProposeAsync(arguments["summary"]!.GetValue<string>().Trim(), arguments["edits"]!.AsArray().OfType<JsonObject>().ToList(), ct),
        };
    }

    /// <summary>An integer argument the schema admitted (it holds only what reads as a whole number), within int.</summary>
    private static int? Int(JsonObject arguments, string name) =>
        arguments[name] is JsonValue value && value.TryGetValue<long>(out var number) ? (int)Math.Clamp(number, int.MinValue, int.MaxValue) : null;

    private async Task<string> ReadAsync(string path, int? first, int? last, CancellationToken ct)
    {
        path = Plain(path);
        if (!UnifiedDiff.IsRepositoryPath(path) || await workspace.ReadAsync(path, ct) is not { } text) return $"{path}: no such file at this revision.";
        var lines = text.Split('\n');
        var from = Math.Clamp(first ?? 1, 1, lines.Length);
        var to = Math.Clamp(last ?? from + MaxLinesRead - 1, from, Math.Min(lines.Length, from + MaxLinesRead - 1));
        var shown = new StringBuilder().Append(CultureInfo.InvariantCulture, $"--- {path} (lines {from}-{to} of {lines.Length})\n");
        for (var n = from; n <= to; n++)
        {
            // A minified line is not read whole: each line and the answer have their own bound.
            var line = lines[n - 1].TrimEnd('\r');
            if (shown.Length + Math.Min(line.Length, MaxLineChars) > MaxReadChars) return shown.Append(CultureInfo.InvariantCulture, $"(cut at line {n}: the answer's {MaxReadChars:N0} characters are used; read from there)\n").ToString();
            shown.Append(CultureInfo.InvariantCulture, $"{n,5} {(line.Length <= MaxLineChars ? line : line[..MaxLineChars] + $"… ({line.Length:N0} characters)")}\n");
        }
        return shown.ToString();
    }

    private async Task<string> SearchAsync(string text, CancellationToken ct)
    {
        var found = await workspace.SearchAsync(text, MaxMatches + 1, ct);
        if (found.Count == 0) return $"No line of the repository contains \"{text}\".";
        return string.Join('\n', found.Take(MaxMatches)) + (found.Count > MaxMatches ? $"\n(more than {MaxMatches} lines; search for something narrower)" : "");
    }

    private async Task<string> ReproduceAsync(int number, CancellationToken ct)
    {
        if (!workspace.Reproduced) return "No reproduction stands for this error, so there is nothing to run: " + workspace.DescribeReproduction();
        var (result, refusal) = await TryAsync(number, ct);
        if (result is null) return refusal!;
        if (result.Reproduction is not { } run) return $"Candidate {number} did not get as far as the reproduction: {Stage(result)}.\n{Tail(result.Log)}";
        return $"With candidate {number} the reproduction {(run.Passed ? "passes" : "still fails")}.\n{Tail(run.Output)}";
    }

    private async Task<string> TestAsync(int number, CancellationToken ct)
    {
        var (result, refusal) = await TryAsync(number, ct);
        if (result is null) return refusal!;
        if (!result.Built) return $"Candidate {number}: {Stage(result)}.\n{Tail(result.Log)}";
        var verdict = result.TestsPassed ? "the repository's tests pass"
            : result.FailedTests.Count > 0 ? $"these tests fail: {string.Join(", ", result.FailedTests.Take(20))}{(result.FailedTests.Count > 20 ? ", …" : "")}"
            : "the test command failed without naming a test";
        return $"Candidate {number} applied and built; {verdict}.\n{Tail(result.Log)}";
    }

    private static string Stage(CandidateResult result) =>
        result.Problems.Count > 0 ? "refused: " + string.Join("; ", result.Problems) : !result.Applied ? "the patch did not apply" : !result.Built ? "it did not build" : "it stopped early";

    private async Task<(CandidateResult?, string?)> TryAsync(int number, CancellationToken ct)
    {
        if (number < 1 || number > Candidates.Count) return (null, $"There is no candidate {number}; propose one with {ProposeEdit} first.");
        if (tried.TryGetValue(number, out var known)) return (known, null);
        if (await workspace.ReviewAsync(Candidates[number - 1].Diff, ct) is { Count: > 0 } problems) return (null, $"Candidate {number} is refused before it runs: {string.Join("; ", problems)}.");
        if (SandboxRuns >= limits.MaxSandboxRuns) return (null, $"The {limits.MaxSandboxRuns} sandbox runs this step may use are spent; validation will still run every candidate.");
        SandboxRuns++;
        var result = await workspace.TryAsync(Candidates[number - 1].Diff, ct);
        tried[number] = result;
        return (result, null);
    }

    private async Task<string> ProposeAsync(string summary, IReadOnlyList<JsonObject> edits, CancellationToken ct)
    {
        if (Candidates.Count >= limits.MaxCandidates) return $"You proposed {limits.MaxCandidates} candidates, as many as a session takes.";
        if (summary.Length == 0) return "Not proposed: the summary is empty; say in one sentence what the fix changes and why.";
        var files = new Dictionary<string, (string Before, string After)>(StringComparer.Ordinal);
        foreach (var edit in edits.Take(MaxEdits))
        {
            var path = Plain(edit["path"]!.GetValue<string>());
            if (!UnifiedDiff.IsRepositoryPath(path)) return $"Not proposed: {path} is not a plain path in the repository.";
            if (!files.TryGetValue(path, out var file))
            {
                if (await workspace.ReadAsync(path, ct) is not { } text) return $"Not proposed: {path} is not a file at this revision (a fix edits existing files).";
                file = (text, text);
            }
            var (find, replace) = (edit["find"]!.GetValue<string>(), edit["replace"]!.GetValue<string>());
            var at = file.After.IndexOf(find, StringComparison.Ordinal);
            if (at < 0 || file.After.IndexOf(find, at + 1, StringComparison.Ordinal) >= 0)
                return $"Not proposed: the snippet to replace is {(at < 0 ? "not in" : "not unique in")} {path}{(files.ContainsKey(path) ? " (after the edits before it)" : "")}; copy it exactly, without line numbers, with enough lines to be unique.";
            files[path] = (file.Before, string.Concat(file.After.AsSpan(0, at), replace, file.After.AsSpan(at + find.Length)));
        }
        var diff = new StringBuilder();
        foreach (var (path, (before, after)) in files.Where(f => f.Value.Before != f.Value.After)) diff.Append(await UnifiedDiff.MakeAsync(path, before, after, ct));
        if (diff.Length == 0) return "Not proposed: the edits change nothing.";
        if (Candidates.FindIndex(c => c.Diff == diff.ToString()) is >= 0 and var same) return $"Not proposed: that is candidate {same + 1} again.";
        Candidates.Add(new FixCandidate(summary, diff.ToString()));
        var refused = await workspace.ReviewAsync(diff.ToString(), ct);
        return $"Candidate {Candidates.Count}:\n{diff}" + (refused.Count > 0
            ? $"\nValidation will refuse it: {string.Join("; ", refused)}. Propose a change to the application code instead."
            : $"\nCheck it with {RunReproduction} and {RunTests}.");
    }

    private static string Fenced(string answer) => $"{ErrorReportFence.Open}\n{ErrorReportFence.Data(answer)}\n{ErrorReportFence.Close}";

    private static string Plain(string path) => path.Trim() is var p && p.StartsWith("./", StringComparison.Ordinal) ? p[2..] : p.Trim();

    private static string Tail(string log) => log.Tail(MaxLogTail);
}
