using System.Text.RegularExpressions;
using BugSage.Core.Issues;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Triage;

/// <summary>
/// The issue list answers exactly what its filters, search and sort say, page after page, on both databases: each
/// query shape of <c>bench/triage/run.sh</c> is read to its last page through the API and compared with the same
/// question asked of the seeded issues in memory. The queries are tuned for speed on PostgreSQL (the text match on
/// the issue row, the tag index, the keyset bound); a faster plan that drops, repeats or misorders an issue fails here.
/// </summary>
public partial class IssueListResultsTests
{
    private static readonly string[] Words = ["invoice", "payment", "gateway", "cart", "session", "token", "report", "upload"];
    private static readonly string[] Statuses = [IssueStatus.Unresolved, IssueStatus.Unresolved, IssueStatus.Unresolved, IssueStatus.Resolved, IssueStatus.Ignored];
    private static readonly string[] Levels = ["error", "error", "warning", "fatal"];

    /// <summary>One seeded issue and the tags it carries, as the oracle sees them.</summary>
    private sealed record Seeded(Issue Issue, string Environment, string Release);

    [GeneratedRegex("[^A-Za-z0-9_]+")]
    private static partial Regex NonWord();

    [Theory, SqliteData, PostgresData]
    public async Task Every_list_shape_pages_to_the_same_issues_as_the_filters_say(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        var seeded = await SeedAsync(app, projectId, 240);
        var api = await app.SignedInClientAsync();

        bool Text(Seeded s, params string[] prefixes)
        {
            var words = NonWord().Split($"{s.Issue.Title} {s.Issue.Culprit}".ToLowerInvariant());
            return prefixes.All(p => words.Any(w => w.StartsWith(p, StringComparison.Ordinal)));
        }
        var shapes = new (string Query, string Sort, Func<Seeded, bool> Keep)[]
        {
            ("is:unresolved", "lastSeen", s => s.Issue.Status == IssueStatus.Unresolved),
            ("", "count", _ => true),
            ("", "users", _ => true),
            ("", "firstSeen", _ => true),
            ("is:unresolved level:fatal", "lastSeen", s => s.Issue.Status == IssueStatus.Unresolved && s.Issue.Level == "fatal"),
            ("environment:staging", "lastSeen", s => s.Environment == "staging"),
            ("release:app@1.3.0 is:unresolved", "lastSeen", s => s.Release == "app@1.3.0" && s.Issue.Status == IssueStatus.Unresolved),
            ("release:app@1.3.0", "count", s => s.Release == "app@1.3.0"),
            ("payment", "lastSeen", s => Text(s, "payment")),
            ("cannot gateway", "lastSeen", s => Text(s, "cannot", "gateway")),
            ("cannot gate", "users", s => Text(s, "cannot", "gate")),
            ("is:unresolved level:error invoice environment:production", "lastSeen",
                s => s.Issue.Status == IssueStatus.Unresolved && s.Issue.Level == "error" && Text(s, "invoice") && s.Environment == "production"),
            ("invoice environment:production", "count", s => Text(s, "invoice") && s.Environment == "production"),
        };
        foreach (var (query, sort, keep) in shapes)
        {
            var expected = seeded.Where(keep).Select(s => s.Issue)
                .OrderByDescending(i => sort switch { "count" => i.Count, "users" => i.UserCount, "firstSeen" => i.FirstSeen.Ticks, _ => i.LastSeen.Ticks })
                .ThenByDescending(i => i.Id).Select(i => i.Id).ToList();
            expected.ShouldNotBeEmpty($"the seed gives '{query}' something to find");
            var listed = await ReadAllPagesAsync(api, projectId, query, sort);
            listed.ShouldBe(expected, $"query '{query}' sorted by {sort}");
        }
    }

    /// <summary>Every page of a list, seven issues at a time, following the cursor to its end.</summary>
    private static async Task<List<long>> ReadAllPagesAsync(HttpClient api, long projectId, string query, string sort)
    {
        var ids = new List<long>();
        string? cursor = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var url = $"/api/v1/projects/{projectId}/issues?limit=7&sort={sort}&query={Uri.EscapeDataString(query)}"
                + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await api.GetJsonAsync(url);
            ids.AddRange(page.Items().Select(i => i!["id"].Long()));
            cursor = page["nextCursor"]?.GetValue<string>();
            if (cursor is null) return ids;
        }
        throw new InvalidOperationException($"'{query}' did not end within 100 pages");
    }

    /// <summary>
    /// Issues straight into the database, with few distinct counts, user counts and times so that ties on the sort
    /// key are common and the id decides (the part of a keyset that a careless bound loses).
    /// </summary>
    private static async Task<List<Seeded>> SeedAsync(BugSageFactory app, long projectId, int count)
    {
        var random = new Random(21);
        var start = DateTime.UtcNow.AddDays(-3);
        var baseTime = new DateTime(start.Year, start.Month, start.Day, start.Hour, 0, 0, DateTimeKind.Utc);
        var seeded = new List<Seeded>();
        for (var n = 1; n <= count; n++)
        {
            var noun = Words[random.Next(Words.Length)];
            var first = baseTime.AddMinutes(random.Next(40));
            var issue = new Issue
            {
                ProjectId = projectId,
                ShortNumber = 10_000 + n,
                Title = $"TypeError: Cannot load {noun} {Words[random.Next(Words.Length)]}",
                Culprit = $"handle{noun}(/srv/app/src/{noun}s.js)",
                Level = Levels[random.Next(Levels.Length)],
                Status = Statuses[random.Next(Statuses.Length)],
                Count = random.Next(1, 6),
                UserCount = random.Next(0, 4),
                FirstSeen = first,
                LastSeen = first.AddMinutes(random.Next(0, 3)),
                Platform = "node",
            };
            seeded.Add(new Seeded(issue, random.Next(4) == 0 ? "staging" : "production", $"app@1.{random.Next(5)}.0"));
        }
        await app.WithDbAsync(async db =>
        {
            db.Issues.AddRange(seeded.Select(s => s.Issue));
            await db.SaveChangesAsync();
            foreach (var s in seeded)
            {
                db.IssueTags.Add(new IssueTag { IssueId = s.Issue.Id, Key = "environment", Value = s.Environment, Count = 1, FirstSeen = s.Issue.FirstSeen, LastSeen = s.Issue.LastSeen });
                db.IssueTags.Add(new IssueTag { IssueId = s.Issue.Id, Key = "release", Value = s.Release, Count = 1, FirstSeen = s.Issue.FirstSeen, LastSeen = s.Issue.LastSeen });
            }
            await db.SaveChangesAsync();
        });
        return seeded;
    }
}
