using System.Text.RegularExpressions;
using BugSage.Core.Events;

namespace BugSage.Core.Grouping;

/// <summary>
/// The traits compared to find issues the fingerprint kept apart: the in-app frames of the
/// exception chain (module or file, and function; no line numbers), the exception types, and the
/// words of the normalized message. Frames weigh most: they are where the code failed.
/// </summary>
public static partial class SimilarityFeatures
{
    [GeneratedRegex(@"[a-z][a-z0-9_]{2,}")]
    private static partial Regex Word();

    private static readonly HashSet<string> StopWords = ["the", "and", "for", "not", "cannot", "can", "was", "with", "from", "int", "hex", "uuid", "email", "date", "undefined", "null", "error", "reading", "properties", "read", "object", "type"];

    public static IReadOnlyList<string> Of(NormalizedEvent evt)
    {
        var features = new HashSet<string>(StringComparer.Ordinal);
        var chain = evt.Exception?.Values ?? [];
        foreach (var ex in chain)
        {
            if (ex.Type is { } type) features.Add("type:" + type.Truncate(100));
            foreach (var frame in ex.Stacktrace?.Frames ?? [])
            {
                if (!frame.InApp || frame.Function is null) continue;
                var path = frame.Filename ?? frame.AbsPath;
                var where = frame.Module ?? (path is null ? "" : GroupingNormalizer.Filename(path));
                features.Add(("frame:" + where + "|" + GroupingNormalizer.Function(frame.Function)).Truncate(200));
            }
        }
        var text = evt.MainException?.Value ?? evt.Message ?? evt.Title;
        foreach (Match m in Word().Matches(GroupingNormalizer.Message(text).ToLowerInvariant()))
            if (!StopWords.Contains(m.Value) && features.Count < 64) features.Add("word:" + m.Value.Truncate(60));
        return [.. features];
    }

    /// <summary>How much a shared trait says: frames most, types some, words least.</summary>
    public static double Weight(string feature) =>
        feature.StartsWith("frame:", StringComparison.Ordinal) ? 3.0
        : feature.StartsWith("type:", StringComparison.Ordinal) ? 1.5
        : 0.5;
}
