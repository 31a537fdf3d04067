using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BugSage.Core.Analysis.Offline;

namespace BugSage.Core.Analysis.Chat;

/// <summary>
/// Root-cause analysis by a configured model: it gets the error, the frames with their source,
/// and the offline engine's findings, and answers in a fixed schema. When every model fails the
/// offline engine's analysis stands, with the failures in its evidence.
/// </summary>
public sealed class ModelAnalyst(ModelChain models, OfflineEngine offline)
{
    public static readonly JsonObject Schema = (JsonObject)JsonNode.Parse("""
        {
          "type": "object",
          "required": ["summary", "category", "explanation", "evidence", "confidence", "fixability"],
          "properties": {
            "summary": { "type": "string" },
            "category": { "type": "string" },
            "explanation": { "type": "string" },
            "location": { "type": "object", "properties": { "file": { "type": "string" }, "line": { "type": "integer" }, "function": { "type": "string" } } },
            "evidence": { "type": "array", "items": { "type": "string" } },
            "suggestedFix": { "type": "string" },
            "confidence": { "type": "number", "minimum": 0, "maximum": 1 },
            "fixability": { "type": "number", "minimum": 0, "maximum": 1 }
          }
        }
        """)!;

    public const string Instructions =
        "You analyse production errors for developers. Find the root cause in the code shown, name the exact failing expression and " +
        "the culprit frame, list the evidence you used, and suggest a minimal fix. Say plainly when the evidence is not enough; never invent certainty. " +
        ErrorReportFence.Rule + " Answer only in the requested structure.";

    public async Task<ErrorAnalysisResult> AnalyzeAsync(AnalysisInput input, CancellationToken ct)
    {
        var baseline = offline.Analyze(input);
        var outcome = await models.CompleteJsonAsync(new ModelRequest(Instructions, Prompt(input, baseline), "error_analysis", Schema), ct);
        if (outcome.Reply is not { } reply)
        {
            return baseline with
            {
                RootCause = baseline.RootCause with { Evidence = [.. baseline.RootCause.Evidence, .. outcome.Failures.Select(f => "model unavailable: " + f)] },
            };
        }
        var o = reply.Output;
        var location = o["location"] is JsonObject l
            ? new CodeLocation(l["file"]?.GetValue<string>(), l["line"]?.GetValue<long>(), l["function"]?.GetValue<string>())
            : baseline.RootCause.Location;
        var fixability = o["fixability"]!.GetValue<double>();
        return new ErrorAnalysisResult(
            o["summary"]!.GetValue<string>(), o["category"]!.GetValue<string>(),
            new RootCause(o["explanation"]!.GetValue<string>(), location, [.. o["evidence"]!.AsArray().Select(e => e!.GetValue<string>())]),
            baseline.Impact, o["suggestedFix"]?.GetValue<string>(),
            Math.Round(o["confidence"]!.GetValue<double>(), 2), Math.Round(fixability, 2),
            fixability >= 0.7 ? "low" : fixability >= 0.4 ? "medium" : "high",
            outcome.Model!.Settings.Provider, reply.Model, reply.InputTokens, reply.OutputTokens, reply.Cost, reply.Duration);
    }

    /// <summary>
    /// The error, its frames (in-app ones with the source lines the SDK sent), and what the offline
    /// engine read from them, all fenced as event data; then the culprit's source from the linked repository.
    /// </summary>
    public static string Prompt(AnalysisInput input, ErrorAnalysisResult baseline)
    {
        var evt = input.Event;
        var text = new StringBuilder();
        var exception = evt.MainException;
        void Report(string line) => text.AppendLine(ErrorReportFence.Data(line));
        text.AppendLine(ErrorReportFence.Open);
        Report($"Error: {exception?.Type ?? "message"}: {exception?.Value ?? evt.Message ?? evt.Title}");
        Report(string.Create(CultureInfo.InvariantCulture, $"Platform: {evt.Platform}; release: {evt.Release ?? "unknown"}; {input.Events} events from {input.Users} users, trend {input.Trend}."));
        Report("Stack, innermost frame last:");
        foreach (var frame in (exception?.Stacktrace?.Frames ?? []).TakeLast(20))
        {
            Report($"- {frame.Function ?? "?"} in {frame.Filename ?? frame.Module ?? "?"}:{frame.Lineno}{(frame.InApp ? " (in app)" : "")}");
            if (!frame.InApp || frame.ContextLine is null) continue;
            var first = (frame.Lineno ?? 0) - (frame.PreContext?.Count ?? 0);
            foreach (var (line, n) in (frame.PreContext ?? []).Select((l, i) => (l, first + i))) Report($"    {n}: {line}");
            Report($"  > {frame.Lineno}: {frame.ContextLine}");
            foreach (var (line, n) in (frame.PostContext ?? []).Select((l, i) => (l, (frame.Lineno ?? 0) + 1 + i))) Report($"    {n}: {line}");
        }
        // The rule-based reading quotes the event (an explanation filled from the message): report, not instruction.
        Report(string.Create(CultureInfo.InvariantCulture, $"A rule-based first reading ({baseline.Category}, confidence {baseline.Confidence:0.00}): {baseline.RootCause.Explanation}"));
        // The organization's own documents (runbooks, postmortems) are uploaded text: data too, fenced with the report.
        foreach (var doc in input.Documents ?? []) Report($"From the document \"{doc.Title}\"{(doc.Heading is { } h ? $" ({h})" : "")}: {doc.Snippet}");
        text.AppendLine(ErrorReportFence.Close);
        if (input.Source is { } source)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Culprit source from the repository {source.Repository} at {source.Revision} ({source.Path}):");
            foreach (var (line, n) in source.PreContext.Select((l, i) => (l, source.Line - source.PreContext.Count + i))) text.AppendLine(CultureInfo.InvariantCulture, $"    {n}: {line}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  > {source.Line}: {source.ContextLine}");
            foreach (var (line, n) in source.PostContext.Select((l, i) => (l, source.Line + 1 + i))) text.AppendLine(CultureInfo.InvariantCulture, $"    {n}: {line}");
            if (source.Blame is { } blame) text.AppendLine(CultureInfo.InvariantCulture, $"Last change to that line: {blame.Sha[..12]} by {blame.Author} on {blame.Date:yyyy-MM-dd}: {blame.Summary}");
        }
        return text.ToString();
    }
}
