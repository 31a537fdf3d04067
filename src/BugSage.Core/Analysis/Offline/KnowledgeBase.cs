using System.Text.Json;
using System.Text.RegularExpressions;

namespace BugSage.Core.Analysis.Offline;

/// <summary>The offline engine's error patterns, kept as data in the embedded knowledge-base.json.</summary>
public sealed class KnowledgeBase
{
    private static readonly Lazy<KnowledgeBase> Embedded = new(Load);

    private KnowledgeBase(IReadOnlyList<ErrorPattern> patterns) => Patterns = patterns;

    public static KnowledgeBase Default => Embedded.Value;

    public IReadOnlyList<ErrorPattern> Patterns { get; }

    public static KnowledgeBase Parse(Stream json)
    {
        using var document = JsonDocument.Parse(json);
        var patterns = document.RootElement.GetProperty("patterns").EnumerateArray().Select(p => new ErrorPattern
        {
            Id = p.GetProperty("id").GetString()!,
            Languages = [.. p.GetProperty("languages").EnumerateArray().Select(l => l.GetString()!)],
            Types = [.. p.GetProperty("types").EnumerateArray().Select(t => t.GetString()!)],
            MessageSource = CheckedPattern(p.GetProperty("message").GetString()!),
            RequiredLiterals = RequiredText.Of(p.GetProperty("message").GetString()!),
            Category = p.GetProperty("category").GetString()!,
            Extract = p.GetProperty("extract").GetString()!,
            Explanation = p.GetProperty("explanation").GetString()!,
            Fix = p.GetProperty("fix").GetString()!,
            Fixability = p.GetProperty("fixability").GetDouble(),
            Severity = p.GetProperty("severity").GetString()!,
        }).ToList();
        var duplicate = patterns.GroupBy(p => p.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidDataException($"knowledge base: pattern id {duplicate.Key} appears twice");
        return new KnowledgeBase(patterns);
    }

    /// <summary>
    /// A malformed pattern still fails the load, as when every pattern was built up front: the backtracking
    /// parser checks the syntax for a fraction of what the non-backtracking automaton costs to build.
    /// </summary>
    private static string CheckedPattern(string pattern)
    {
        _ = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, MatchTimeout);
        return pattern;
    }

    /// <summary>
    /// Patterns run over event text anyone can send: the non-backtracking engine keeps each match linear
    /// in the (capped) message. A pattern it cannot run (lookarounds, backreferences) falls back to the
    /// backtracking engine, still under a timeout.
    /// </summary>
    internal static Regex MessagePattern(string pattern)
    {
        const RegexOptions options = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;
        try
        {
            return new Regex(pattern, options | RegexOptions.NonBacktracking, MatchTimeout);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, options, MatchTimeout);
        }
    }

    /// <summary>
    /// A fence, not the bound: the engine and the capped text already make a match linear. The timeout is
    /// wall-clock time, and a pattern's first match also builds its automaton, so on a busy machine a
    /// tighter fence (it was 100 ms) turned ordinary matches into "no match" and changed the analysis.
    /// </summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private static KnowledgeBase Load()
    {
        using var stream = typeof(KnowledgeBase).Assembly.GetManifestResourceStream("BugSage.Core.Analysis.Offline.knowledge-base.json")
            ?? throw new InvalidOperationException("the knowledge base is not embedded");
        return Parse(stream);
    }
}
