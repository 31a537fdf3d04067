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
            Message = new Regex(p.GetProperty("message").GetString()!, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100)),
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

    private static KnowledgeBase Load()
    {
        using var stream = typeof(KnowledgeBase).Assembly.GetManifestResourceStream("BugSage.Core.Analysis.Offline.knowledge-base.json")
            ?? throw new InvalidOperationException("the knowledge base is not embedded");
        return Parse(stream);
    }
}
