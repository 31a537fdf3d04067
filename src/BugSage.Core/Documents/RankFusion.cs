namespace BugSage.Core.Documents;

/// <summary>
/// Reciprocal rank fusion: each ranking gives an item 1/(k + rank), ranks from 1. It needs no
/// common scale between BM25 or ts_rank_cd and cosine similarity, only the orders; k = 60 (as in
/// Cormack et al.) keeps one list's top item from outweighing agreement between both.
/// </summary>
public static class RankFusion
{
    public const int K = 60;

    /// <summary>The items of all rankings with their fused scores, best first; ties go to the smaller id, as in full-text search.</summary>
    public static List<(long Id, double Score)> Fuse(params IReadOnlyList<long>[] rankings)
    {
        var scores = new Dictionary<long, double>();
        foreach (var ranking in rankings)
            for (var i = 0; i < ranking.Count; i++)
                scores[ranking[i]] = scores.GetValueOrDefault(ranking[i]) + 1.0 / (K + i + 1);
        return [.. scores.Select(s => (s.Key, s.Value)).OrderByDescending(s => s.Value).ThenBy(s => s.Key)];
    }
}
