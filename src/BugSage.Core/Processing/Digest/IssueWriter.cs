using BugSage.Core.Data;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// Applies a batch's per-issue deltas as increments in SQL, so two nodes digesting events of
/// the same issue at once both count. The newest event sets the title, culprit and level.
/// </summary>
internal static class IssueWriter
{
    private const string Update = """
        UPDATE issues SET
          count = count + @p1,
          user_count = user_count + @p2,
          first_seen = CASE WHEN @p3 < first_seen THEN @p3 ELSE first_seen END,
          first_release = COALESCE(first_release, CAST(@p4 AS TEXT)),
          title = CASE WHEN @p5 >= last_seen THEN @p6 ELSE title END,
          culprit = CASE WHEN @p5 >= last_seen THEN CAST(@p7 AS TEXT) ELSE culprit END,
          level = CASE WHEN @p5 >= last_seen THEN @p8 ELSE level END,
          last_release = CASE WHEN @p5 >= last_seen AND CAST(@p9 AS TEXT) IS NOT NULL THEN CAST(@p9 AS TEXT) ELSE last_release END,
          last_seen = CASE WHEN @p5 > last_seen THEN @p5 ELSE last_seen END
        WHERE id = @p0
        """;

    private const string Regress = """
        UPDATE issues SET status = 'unresolved', substatus = 'regressed', resolved_at = NULL,
          resolved_in_release = NULL, resolved_in_next_release = FALSE
        WHERE id = @p0 AND status = 'resolved'
        """;

    private const string Wake = """
        UPDATE issues SET status = 'unresolved', substatus = 'ongoing',
          ignored_until = NULL, ignored_until_count = NULL, ignored_until_user_count = NULL
        WHERE id = @p0 AND status = 'ignored'
        """;

    public static async Task ApplyAsync(AppDbContext db, IReadOnlyCollection<IssueDelta> deltas, CancellationToken ct)
    {
        var rows = deltas.Select(d =>
        {
            var latest = d.Latest!.Event;
            return new object?[]
            {
                d.Issue.Id, d.Count, d.NewUsers, d.FirstSeen, d.FirstRelease,
                d.LastSeen, latest.Title, latest.Culprit, latest.Level, latest.Release,
            };
        }).ToList();
        await BulkUpsert.EachRowAsync(db, Update, 10, rows, ct);
        var regressed = deltas.Where(d => d.RegressedBy is not null).Select(d => new object?[] { d.Issue.Id }).ToList();
        await BulkUpsert.EachRowAsync(db, Regress, 1, regressed, ct);
        var woke = deltas.Where(d => d.Woke).Select(d => new object?[] { d.Issue.Id }).ToList();
        await BulkUpsert.EachRowAsync(db, Wake, 1, woke, ct);
    }
}
