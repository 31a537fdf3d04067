using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BugSage.Core.Analysis;
using BugSage.Core.Analysis.Chat;
using BugSage.Core.Events;

namespace BugSage.Core.Autofix.Candidates;

/// <summary>
/// Candidates proposed by a configured model. The model sees the error, the culprit file at the
/// analysed revision and the analysis, and answers edits as "replace this exact snippet of this
/// file with that"; BugSage turns each into a unified diff itself (models write poor diffs), so
/// model candidates have the offline ones' form and go through the same guard and sandbox.
/// What the event says is data from production, never instructions: the prompt says so, and a
/// candidate that obeys such text anyway is stopped by the patch guard and the tests.
/// </summary>
public sealed class ModelFixProposer(ModelChain models)
{
    public const int MaxCandidates = 3;

    public static readonly JsonObject Schema = (JsonObject)JsonNode.Parse($$"""
        {
          "type": "object",
          "required": ["candidates"],
          "properties": {
            "candidates": {
              "type": "array",
              "maxItems": {{MaxCandidates}},
              "items": {
                "type": "object",
                "required": ["summary", "path", "find", "replace"],
                "properties": {
                  "summary": { "type": "string", "maxLength": 200 },
                  "path": { "type": "string", "maxLength": 400 },
                  "find": { "type": "string", "minLength": 1, "maxLength": 8000 },
                  "replace": { "type": "string", "maxLength": 8000 }
                }
              }
            }
          }
        }
        """)!;

    public const string Instructions =
        "You fix production bugs in a repository. Propose up to three alternative minimal fixes for the error, best first. Each fix replaces " +
        "one snippet of a file: 'find' is copied exactly from the file as shown, without the line numbers (whole lines, unique in the file), " +
        "'replace' is what goes there instead. " +
        "Follow the code's own conventions for bad input (what it returns or raises elsewhere). Change application code only: never tests, build " +
        "scripts, CI configuration or bugsage.json. " + ErrorReportFence.Rule + " Answer only in the requested structure.";

    public sealed record Proposal(IReadOnlyList<FixCandidate> Candidates, IReadOnlyList<string> Notes, IChatClient? Model, ModelReply? Reply);

    /// <param name="readFile">The content of a repository file at the analysed revision, or null when it has none.</param>
    public async Task<Proposal> ProposeAsync(NormalizedEvent evt, FixTarget target, string file, ErrorAnalysisResult analysis,
        Func<string, CancellationToken, Task<string?>> readFile, CancellationToken ct)
    {
        var outcome = await models.CompleteJsonAsync(new ModelRequest(Instructions, Prompt(evt, target, file, analysis), "fix_candidates", Schema), ct);
        if (outcome.Reply is not { } reply) return new Proposal([], [.. outcome.Failures.Select(f => "model unavailable: " + f)], null, null);

        var candidates = new List<FixCandidate>();
        var notes = new List<string>();
        foreach (var proposed in reply.Output["candidates"]!.AsArray().OfType<JsonObject>())
        {
            var summary = proposed["summary"]!.GetValue<string>().Trim();
            var path = proposed["path"]!.GetValue<string>().Trim();
            if (path.StartsWith("./", StringComparison.Ordinal)) path = path[2..];
            if (!UnifiedDiff.IsPlainPath(path))
            {
                notes.Add($"{outcome.Model!.Settings.Name}: \"{summary}\" dropped: its path is not a plain repository path");
                continue;
            }
            var (find, replace) = (proposed["find"]!.GetValue<string>(), proposed["replace"]!.GetValue<string>());
            var before = path == target.Path ? file : await readFile(path, ct);
            if (before is null)
            {
                // Not a file of the repository (or outside it): proposed as a new file, which the patch guard judges.
                candidates.Add(new FixCandidate(summary, await UnifiedDiff.MakeAsync(path, "", replace, ct)));
                continue;
            }
            var at = before.IndexOf(find, StringComparison.Ordinal);
            if (at < 0 || before.IndexOf(find, at + 1, StringComparison.Ordinal) >= 0)
            {
                notes.Add($"{outcome.Model!.Settings.Name}: \"{summary}\" dropped: its snippet is {(at < 0 ? "not in" : "not unique in")} {path}");
                continue;
            }
            var after = string.Concat(before.AsSpan(0, at), replace, before.AsSpan(at + find.Length));
            if (after != before) candidates.Add(new FixCandidate(summary, await UnifiedDiff.MakeAsync(path, before, after, ct)));
        }
        return new Proposal(candidates, notes, outcome.Model, reply);
    }

    /// <summary>The error as data, the culprit file with line numbers around the failing line, and the analysis.</summary>
    public static string Prompt(NormalizedEvent evt, FixTarget target, string file, ErrorAnalysisResult analysis)
    {
        var text = new StringBuilder();
        var exception = evt.MainException;
        text.AppendLine(ErrorReportFence.Open);
        text.AppendLine(Data($"{exception?.Type ?? "message"}: {exception?.Value ?? evt.Message ?? evt.Title}"));
        foreach (var frame in (exception?.Stacktrace?.Frames ?? []).TakeLast(12))
            text.AppendLine(Data($"  at {frame.Function ?? "?"} ({frame.Filename ?? frame.Module ?? "?"}:{frame.Lineno}){(frame.InApp ? " in app" : "")}"));
        // The analysis quotes the event (an explanation filled from the message): it is report too, not instruction.
        text.AppendLine(Data($"Analysis ({analysis.Category}): {analysis.RootCause.Explanation}"));
        if (analysis.SuggestedFix is { } fix) text.AppendLine(Data($"Suggested direction: {fix}"));
        foreach (var doc in analysis.Documents ?? []) text.AppendLine(Data($"From the document \"{doc.Title}\"{(doc.Heading is { } h ? $" ({h})" : "")}: {doc.Snippet}"));
        text.AppendLine(ErrorReportFence.Close);
        text.AppendLine(CultureInfo.InvariantCulture, $"The failing line is {target.Path}:{target.Line}. The file around it:");
        var lines = file.Split('\n');
        var first = Math.Max(1, target.Line - 60);
        var last = Math.Min(lines.Length, target.Line + 40);
        text.AppendLine(CultureInfo.InvariantCulture, $"--- {target.Path} (lines {first}-{last} of {lines.Length})");
        for (var n = first; n <= last; n++) text.AppendLine(CultureInfo.InvariantCulture, $"{n,5}{(n == target.Line ? ">" : " ")} {lines[n - 1]}");
        return text.ToString();
    }

    private static string Data(string text) => ErrorReportFence.Data(text);
}
