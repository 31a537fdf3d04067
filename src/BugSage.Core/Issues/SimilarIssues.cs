using BugSage.Core.Data;
using BugSage.Core.Grouping;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Issues;

/// <summary>An issue that is probably the same bug as another, with how sure and why.</summary>
public sealed record SimilarIssue(long IssueId, double Score, string Reason);

/// <summary>
/// Finds likely duplicates: IDF-weighted Jaccard similarity over the failing frame, the other
/// in-app frames, exception types and message words, within the project. Tuned for precision: a candidate must share an in-app
/// frame and reach <see cref="Threshold"/>, since a wrong merge suggestion costs more than a missed one.
/// </summary>
public static class SimilarIssues
{
    public const double Threshold = 0.5;

    public static async Task<IReadOnlyList<SimilarIssue>> FindAsync(AppDbContext db, Issue issue, int limit, CancellationToken ct)
    {
        var own = await db.IssueFeatures.AsNoTracking().Where(f => f.IssueId == issue.Id).Select(f => f.Feature).ToListAsync(ct);
        var frames = own.Where(f => f.StartsWith("frame:", StringComparison.Ordinal)).ToList();
        if (frames.Count == 0) return [];
        var candidateIds = await db.IssueFeatures.AsNoTracking()
            .Where(f => f.ProjectId == issue.ProjectId && frames.Contains(f.Feature) && f.IssueId != issue.Id)
            .GroupBy(f => f.IssueId).OrderByDescending(g => g.Count()).Select(g => g.Key).Take(200).ToListAsync(ct);
        if (candidateIds.Count == 0) return [];
        var candidates = (await db.IssueFeatures.AsNoTracking().Where(f => candidateIds.Contains(f.IssueId))
                .Select(f => new { f.IssueId, f.Feature }).ToListAsync(ct))
            .GroupBy(f => f.IssueId).ToDictionary(g => g.Key, g => g.Select(f => f.Feature).ToHashSet());
        var all = own.Concat(candidates.Values.SelectMany(v => v)).Distinct().ToList();
        var issues = await db.IssueFeatures.AsNoTracking().Where(f => f.ProjectId == issue.ProjectId).Select(f => f.IssueId).Distinct().CountAsync(ct);
        var frequency = await db.IssueFeatures.AsNoTracking().Where(f => f.ProjectId == issue.ProjectId && all.Contains(f.Feature))
            .GroupBy(f => f.Feature).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        double Idf(string f) => Math.Log(1 + (double)issues / Math.Max(1, frequency.GetValueOrDefault(f, 1))) * SimilarityFeatures.Weight(f);

        var mine = own.ToHashSet();
        var results = new List<SimilarIssue>();
        foreach (var (id, theirs) in candidates)
        {
            var shared = mine.Intersect(theirs).ToList();
            if (!SameSubject(mine, theirs)) continue;
            var union = mine.Union(theirs).ToList();
            var score = shared.Sum(Idf) / union.Sum(Idf);
            if (score < Threshold) continue;
            results.Add(new SimilarIssue(id, Math.Round(score, 3), Reason(shared, mine, theirs)));
        }
        return results.OrderByDescending(r => r.Score).Take(limit).ToList();
    }

    /// <summary>
    /// Two errors about different names (reading 'price' against reading 'amount', a 'NoneType'
    /// against an 'int') are different bugs however alike their stacks are.
    /// </summary>
    private static bool SameSubject(HashSet<string> mine, HashSet<string> theirs)
    {
        var a = mine.Where(IsSubject).ToHashSet();
        var b = theirs.Where(IsSubject).ToHashSet();
        return a.Count == 0 || b.Count == 0 || a.SetEquals(b);
    }

    private static bool IsSubject(string feature) => feature.StartsWith("subject:", StringComparison.Ordinal);

    private static string Reason(List<string> shared, HashSet<string> mine, HashSet<string> theirs)
    {
        static IEnumerable<string> Of(IEnumerable<string> s, string prefix) => s.Where(f => f.StartsWith(prefix, StringComparison.Ordinal)).Select(f => f[prefix.Length..]);
        var sharedFrames = Of(shared, "frame:").ToList();
        var frameCount = Math.Max(Of(mine, "frame:").Count(), Of(theirs, "frame:").Count());
        var parts = new List<string>();
        if (Of(shared, "site:").FirstOrDefault() is { } site) parts.Add($"fails in the same frame ({site})");
        parts.Add($"shares {sharedFrames.Count} of {frameCount} in-app frames ({string.Join(", ", sharedFrames.Take(3))})");
        var types = Of(shared, "type:").ToList();
        parts.Add(types.Count > 0 ? $"same exception type {string.Join(", ", types)}" : "different exception types");
        var words = Of(shared, "word:").Take(5).ToList();
        if (words.Count > 0) parts.Add($"message words in common: {string.Join(", ", words)}");
        return string.Join("; ", parts);
    }
}
