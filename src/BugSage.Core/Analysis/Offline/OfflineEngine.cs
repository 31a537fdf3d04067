using Stopwatch = System.Diagnostics.Stopwatch;
using System.Globalization;
using System.Text.RegularExpressions;
using BugSage.Core.Events;

namespace BugSage.Core.Analysis.Offline;

/// <summary>What an analysis looks at: the issue's latest event and its reach.</summary>
/// <param name="Source">The culprit frame's source from a linked repository, when one resolves it.</param>
public sealed record AnalysisInput(NormalizedEvent Event, long Events, long Users, string Trend, Source.SourceFindings? Source = null,
    IReadOnlyList<Documents.RelatedDocument>? Documents = null);

/// <summary>
/// The built-in engine: no network, no model weights. It matches the exception against the
/// knowledge base, takes the innermost in-app frame as the culprit, reads its source line to
/// name the failing expression, and scores its confidence from the evidence it found. When no
/// pattern matches it says so and claims little.
/// </summary>
public sealed partial class OfflineEngine(KnowledgeBase knowledge)
{
    public const string Name = "offline";

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\b(throw|raise|panic)\b", RegexOptions.None, matchTimeoutMilliseconds: 50)]
    private static partial Regex Raises();

    public ErrorAnalysisResult Analyze(AnalysisInput input)
    {
        var started = Stopwatch.GetTimestamp();
        var evt = input.Event;
        var language = Language(evt);
        var exception = evt.MainException;
        var type = exception?.Type;
        var message = exception?.Value ?? evt.Message ?? evt.Title;
        var culprit = Culprit(evt);
        var location = culprit is null ? null : new CodeLocation(culprit.Filename ?? culprit.AbsPath ?? culprit.Module, culprit.Lineno, culprit.Function);
        var evidence = new List<string>();
        if (type is not null) evidence.Add($"{type}: {message}");
        if (culprit is not null)
            evidence.Add($"culprit frame: {culprit.Function ?? "?"} in {location!.File}{(culprit.Lineno is { } l ? $" line {l}" : "")}{(culprit.InApp ? "" : " (no in-app frame was sent)")}");
        var sourceLine = culprit?.ContextLine ?? input.Source?.ContextLine;
        if (sourceLine is { } source) evidence.Add($"source: {source.Trim()}");
        if (input.Source is { } repo)
        {
            evidence.Add($"{repo.Path}:{repo.Line} in {repo.Repository} at {repo.Revision[..Math.Min(12, repo.Revision.Length)]} ({(repo.AtRelease ? "the event's release" : "the branch: the release has no tag")})");
            if (repo.Blame is { } blame) evidence.Add($"suspect commit {blame.Sha[..Math.Min(12, blame.Sha.Length)]} by {blame.Author} on {blame.Date:yyyy-MM-dd} last changed this line: {blame.Summary}");
            foreach (var commit in repo.RecentCommits.Where(c => c.Sha != repo.Blame?.Sha).Take(2))
                evidence.Add($"recent change to the file: {commit.Sha[..Math.Min(12, commit.Sha.Length)]} by {commit.Author} on {commit.Date:yyyy-MM-dd}: {commit.Summary}");
        }

        var (pattern, match) = Recognise(language, type, message);
        if (pattern is null)
        {
            return Result(input, started, $"{type ?? "Error"}: {Short(message)}: no known pattern matches this error.", "unknown",
                new RootCause("The offline engine knows no pattern for this error, so it cannot say why it happened. The culprit frame and the message are the place to start.", location, evidence),
                suggestedFix: null, confidence: culprit?.InApp == true ? 0.15 : 0.05, fixability: 0.1, severity: Severity(evt, "medium"));
        }

        var values = match!.Groups.Keys.Where(k => !int.TryParse(k, out _) && match.Groups[k].Success)
            .ToDictionary(k => k, k => match.Groups[k].Value, StringComparer.Ordinal);
        var found = FailingExpression.Find(pattern.Extract, sourceLine, values);
        evidence.Add($"matches the knowledge base pattern {pattern.Id} ({pattern.Category})");
        if (found is not null)
        {
            values["expression"] = found.Expression;
            evidence.Add($"failing expression: {found.Expression}");
        }
        if (found?.Argument is { } argument) values["argument"] = argument;
        var candidates = found?.Candidates ?? (found is null ? [] : [found.Expression]);
        values["candidates"] = candidates.Count switch
        {
            0 => "a value",
            1 => candidates[0],
            _ => "one of " + string.Join(", ", candidates.SkipLast(1)) + " or " + candidates[^1],
        };
        values["message"] = Short(message);
        var thrown = pattern.Extract == "thrown" && sourceLine is { } line && UntrustedText.IsMatch(Raises(), line);
        if (thrown) evidence.Add("the culprit line raises it on purpose");

        var confidence = (pattern.HasSpecificMessage ? 0.45 : 0.3)
            + (culprit is { InApp: true } ? 0.15 : 0)
            + (sourceLine is not null ? 0.1 : 0)
            + (found is not null || thrown ? 0.2 : 0);
        var where = culprit?.Function is { } fn ? $" in {fn}" : "";
        return Result(input, started,
            $"{type}: {Short(message)}{where}. {Sentence(pattern.Explanation, values)}",
            pattern.Category,
            new RootCause(Sentence(pattern.Explanation, values), location, evidence),
            Sentence(pattern.Fix, values), Math.Min(confidence, 0.95), pattern.Fixability * (found is not null ? 1 : 0.7), Severity(evt, pattern.Severity));
    }

    /// <summary>The first pattern of the event's language whose types and message match; patterns for any language come last.</summary>
    private (ErrorPattern? Pattern, Match? Match) Recognise(string language, string? type, string message)
    {
        foreach (var pattern in knowledge.Patterns.Where(p => p.Languages.Contains(language)).OrderBy(p => p.Types.Contains("*") ? 1 : 0))
        {
            if (!pattern.MatchesType(type) && !(pattern.Types.Contains("*") && type is not null)) continue;
            var m = pattern.MatchMessage(message);
            if (m.Success) return (pattern, m);
        }
        return (null, null);
    }

    /// <summary>The innermost in-app frame of the reported exception (frames run outermost first); the innermost frame when none is in-app.</summary>
    public static StackFrame? Culprit(NormalizedEvent evt)
    {
        var frames = evt.MainException?.Stacktrace?.Frames ?? evt.Threads.FirstOrDefault(t => t.Crashed)?.Stacktrace?.Frames ?? [];
        return frames.LastOrDefault(f => f.InApp) ?? frames.LastOrDefault();
    }

    public static string Language(NormalizedEvent evt)
    {
        var byPlatform = evt.Platform.ToLowerInvariant() switch
        {
            "node" or "javascript" or "typescript" => "javascript",
            "python" => "python",
            "csharp" or "dotnet" => "dotnet",
            "java" or "kotlin" => "java",
            "go" => "go",
            _ => null,
        };
        if (byPlatform is not null) return byPlatform;
        var file = Culprit(evt)?.Filename ?? "";
        return Path.GetExtension(file).ToLowerInvariant() switch
        {
            ".py" => "python",
            ".cs" => "dotnet",
            ".java" or ".kt" => "java",
            ".go" => "go",
            _ => "javascript",
        };
    }

    private static string Severity(NormalizedEvent evt, string pattern) => evt.Level == "fatal" ? "critical" : pattern;

    private static ErrorAnalysisResult Result(AnalysisInput input, long started, string summary, string category, RootCause cause,
        string? suggestedFix, double confidence, double fixability, string severity) =>
        new(summary, category, cause, new Impact(input.Events, input.Users, input.Trend, severity), suggestedFix,
            Math.Round(confidence, 2), Math.Round(fixability, 2), fixability >= 0.7 ? "low" : fixability >= 0.4 ? "medium" : "high",
            Name, Model: null, InputTokens: 0, OutputTokens: 0, Cost: 0m, Stopwatch.GetElapsedTime(started));

    /// <summary>Fills <c>{name}</c> placeholders; one without a value reads as "a value" rather than showing braces.</summary>
    private static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var v) && v.Length > 0 ? v : m.Groups[1].Value switch
        {
            "expression" or "argument" or "candidates" => "a value",
            "member" => "a member",
            _ => "it",
        });

    private static string Short(string text) => text.Length <= 200 ? text : text.Truncate(200) + "…";

    /// <summary>A filled template as a sentence: capitalised, unless it starts with code (<c>users[id] is undefined…</c>).</summary>
    private static string Sentence(string template, IReadOnlyDictionary<string, string> values)
    {
        var text = Fill(template, values);
        var startsWithCode = Regex.Match(template, @"^\{(expression|argument|candidates)\}") is { Success: true } m
            && values.TryGetValue(m.Groups[1].Value, out var value) && value.Length > 0 && !value.StartsWith("one of ", StringComparison.Ordinal);
        return startsWithCode || text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
    }
}
