using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Triage;

/// <summary>Cursor paging keeps the order of its first page while events keep arriving.</summary>
public class PagingTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Paging_while_issues_move_shows_each_issue_once_in_the_first_pages_order(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        // Eight issues: later throw sites are newer but have fewer events and users.
        for (var i = 0; i < 8; i++) await app.SendErrorsAsync($"step{i}", 8 - i, start.AddMinutes(i * 5), $"s{i}-");
        var api = await app.SignedInClientAsync();
        string Url(string sort, string? cursor = null, int limit = 3) =>
            $"/api/v1/projects/{projectId}/issues?sort={sort}&limit={limit}" + (cursor is null ? "" : "&cursor=" + cursor);
        async Task<Dictionary<long, string>> Culprits() =>
            (await api.GetJsonAsync(Url("lastSeen", limit: 100))).Items().ToDictionary(i => i!["id"].Long(), i => i!["culprit"].Str().Split('(')[0]);

        foreach (var sort in new[] { "lastSeen", "firstSeen", "count", "users" })
        {
            var culprits = await Culprits();
            var expected = (await api.GetJsonAsync(Url(sort, limit: 100))).Items().Select(i => i!["id"].Long()).ToList();
            var first = await api.GetJsonAsync(Url(sort));
            var seen = first.Items().Select(i => i!["id"].Long()).ToList();

            // While the reader looks at page one: the last issue jumps to the top of every sort, the
            // first gets an event from long ago (its first seen drops to the bottom), and a new issue appears.
            await app.SendErrorsAsync(culprits[expected[^1]], 30, DateTimeOffset.UtcNow, $"jump-{sort}-");
            await app.SendErrorsAsync(culprits[expected[0]], 1, start.AddDays(-1), $"late-{sort}-");
            await app.SendErrorsAsync($"fresh_{sort}", 1);

            var cursor = first["nextCursor"].Str();
            while (cursor is not null)
            {
                var page = await api.GetJsonAsync(Url(sort, cursor));
                seen.AddRange(page.Items().Select(i => i!["id"].Long()));
                cursor = page["nextCursor"]?.GetValue<string>();
            }
            seen.ShouldBe(expected, sort);

            // A new first page shows the list as it is now, the new issue included.
            var now = (await api.GetJsonAsync(Url(sort, limit: 100))).Items().Select(i => i!["id"].Long()).ToList();
            now.Count.ShouldBe(expected.Count + 1, sort);
            now.ShouldNotBe(expected.Append(now.Except(expected).Single()).ToList(), sort);
        }
    }
}
