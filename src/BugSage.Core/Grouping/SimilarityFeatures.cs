using System.Text.RegularExpressions;
using BugSage.Core.Events;

namespace BugSage.Core.Grouping;

/// <summary>
/// The traits compared to find issues the fingerprint kept apart: the in-app frames of the
/// exception chain (module or file, and function; no line numbers) with the innermost one as the
/// failing site, the exception types, the quoted names the message is about, and the words of the
/// normalized message. Frames weigh most: they are where the code failed.
/// </summary>
public static partial class SimilarityFeatures
{
    [GeneratedRegex(@"[a-z][a-z0-9_]{2,}", RegexOptions.None, matchTimeoutMilliseconds: 50)]
    private static partial Regex Word();

    [GeneratedRegex(@"<[a-z]+>", RegexOptions.None, matchTimeoutMilliseconds: 50)]
    private static partial Regex Placeholder();

    // A quoted name an error is about: the property read, the key or attribute missing, the type
    // met. Quoted text after a colon is the offending value instead ("invalid literal: 'abc'").
    [GeneratedRegex(@"(?<!:\s*)'([A-Za-z_$][\w$]{0,59})'", RegexOptions.None, matchTimeoutMilliseconds: 50)]
    private static partial Regex Subject();

    // Words every message of a kind has. "undefined" and "null" stay: which of the two a value
    // was tells apart two bugs in one line.
    private static readonly HashSet<string> StopWords = ["the", "and", "for", "not", "cannot", "can", "was", "with", "from", "error", "reading", "properties", "read", "object", "type"];

    public static IReadOnlyList<string> Of(NormalizedEvent evt)
    {
        var features = new HashSet<string>(StringComparer.Ordinal);
        var chain = evt.Exception?.Values ?? [];
        foreach (var ex in chain)
        {
            if (ex.Type is { } type) features.Add("type:" + type.Truncate(100));
            foreach (var frame in ex.Stacktrace?.Frames ?? [])
                if (Name(frame) is { } name) features.Add("frame:" + name);
        }
        // Frames run from the outermost call to the innermost: the last in-app one is where it broke.
        if (evt.MainException?.Stacktrace?.Frames.LastOrDefault(f => Name(f) is not null) is { } site)
            features.Add("site:" + Name(site));
        var text = evt.MainException?.Value ?? evt.Message ?? evt.Title;
        foreach (var m in UntrustedText.Matches(Subject(), text, 1024))
            features.Add("subject:" + m.Groups[1].Value.ToLowerInvariant());
        var normalized = UntrustedText.Replace(Placeholder(), GroupingNormalizer.Message(text), " ");
        foreach (var m in UntrustedText.Matches(Word(), normalized.ToLowerInvariant()))
            if (!StopWords.Contains(m.Value) && features.Count < 64) features.Add("word:" + m.Value.Truncate(60));
        return [.. features];
    }

    private static string? Name(StackFrame frame)
    {
        if (!frame.InApp || frame.Function is null) return null;
        var path = frame.Filename ?? frame.AbsPath;
        var where = frame.Module ?? (path is null ? "" : GroupingNormalizer.Filename(path));
        return (where + "|" + GroupingNormalizer.Function(frame.Function)).Truncate(190);
    }

    /// <summary>
    /// How much a shared trait says: the frame that failed most (two callers reaching the same
    /// broken line are one bug; two lines failing under the same caller are not), then the
    /// other frames, then types, then words.
    /// </summary>
    public static double Weight(string feature) =>
        feature.StartsWith("site:", StringComparison.Ordinal) ? 6.0
        : feature.StartsWith("frame:", StringComparison.Ordinal) ? 3.0
        : feature.StartsWith("subject:", StringComparison.Ordinal) ? 2.0
        : feature.StartsWith("type:", StringComparison.Ordinal) ? 1.5
        : 1.0;
}
