using BugSage.Core.Data;
using BugSage.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Issues;

/// <summary>
/// The one way an issue comes into being, for the digest's grouping, imports and unmerging alike: it takes a short
/// number its project reserved in the database (<see cref="ReserveAsync"/>), so that no second path, and no second
/// node digesting the same project, can reuse one.
/// </summary>
public static class IssueFactory
{
    /// <summary>
    /// Takes <paramref name="counts"/> short numbers from each project's counter with one atomic update per project, in
    /// project order. Inside a transaction the update holds the project's row until commit (PostgreSQL) or the database's
    /// write lock (SQLite), so another transaction creating issues in that project waits and then reads the advanced
    /// counter: two nodes digesting new issues of one project never take the same number. Rolled back, the numbers go
    /// back too; outside a transaction a number whose issue is never saved is skipped, never reused.
    /// </summary>
    public static async Task<IssueNumbers> ReserveAsync(AppDbContext db, IReadOnlyDictionary<long, int> counts, CancellationToken ct)
    {
        var numbers = new IssueNumbers();
        foreach (var (projectId, count) in counts.Where(c => c.Value > 0).OrderBy(c => c.Key))
        {
            var first = await db.Database.SqlQuery<long>($"""
                UPDATE projects SET next_issue_number = next_issue_number + {count} WHERE id = {projectId}
                RETURNING next_issue_number - {count} AS "Value"
                """).ToListAsync(ct);
            if (first.Count != 1) throw new InvalidOperationException($"Project {projectId} does not exist.");
            numbers.Add(projectId, first[0], count);
        }
        return numbers;
    }

    public static Task<IssueNumbers> ReserveAsync(AppDbContext db, long projectId, CancellationToken ct) =>
        ReserveAsync(db, new Dictionary<long, int> { [projectId] = 1 }, ct);

    /// <summary>A new issue of <paramref name="project"/>, empty: its counters are applied (or rebuilt) like any other issue's.</summary>
    public static Issue Open(IssueNumbers numbers, Project project, string title, string? culprit, string level, string? platform, DateTime firstSeen, DateTime lastSeen, string? release) => new()
    {
        ProjectId = project.Id,
        ShortNumber = numbers.Take(project.Id),
        Title = title,
        Culprit = culprit,
        Level = level,
        Platform = platform,
        FirstSeen = firstSeen,
        LastSeen = lastSeen,
        FirstRelease = release,
        LastRelease = release,
    };
}

/// <summary>Short numbers reserved per project by <see cref="IssueFactory.ReserveAsync(AppDbContext, IReadOnlyDictionary{long, int}, CancellationToken)"/>, each taken once.</summary>
public sealed class IssueNumbers
{
    private readonly Dictionary<long, (long Next, long End)> ranges = [];

    internal void Add(long projectId, long first, int count) => ranges[projectId] = (first, first + count);

    internal long Take(long projectId)
    {
        if (!ranges.TryGetValue(projectId, out var range) || range.Next >= range.End)
            throw new InvalidOperationException($"No short number is left reserved for project {projectId}.");
        ranges[projectId] = (range.Next + 1, range.End);
        return range.Next;
    }
}
