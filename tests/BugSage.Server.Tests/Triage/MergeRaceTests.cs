using System.Collections.Concurrent;
using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BugSage.Server.Tests.Triage;

/// <summary>
/// Merges, unmerges and deletes while the digest stores events of the same issues (PostgreSQL, where they run at once):
/// no event is lost with a merged-away issue, no count is overwritten, an event follows its fingerprint, the two never
/// deadlock (each takes the issue rows in id order first), an issue gone meanwhile is a refusal, not an error, and a
/// discard or an unmerge that came first is found again once the rows are taken.
/// </summary>
public class MergeRaceTests
{
    [Theory, PostgresData]
    public async Task Events_digested_while_a_merge_runs_are_kept_and_counted_on_the_merged_issue(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        var (target, source) = await TwoIssuesAsync(app, 2, 1);

        // Hold the source's events, which the merge moves first, so the merge stops there; meanwhile the digest stores
        // one more event of each issue.
        Task<HttpResponseMessage> merge;
        Task<int> digest;
        await using (var hold = await RowHold.TakeAsync(app.ConnectionString!, $"SELECT 1 FROM events WHERE issue_id = {source} FOR UPDATE"))
        {
            merge = api.PostJsonAsync("/api/v1/issues/merge", new { issueIds = new[] { target, source } });
            await hold.WaitersAsync(1, "the merge never reached the held events");

            var sdk = app.CreateClient();
            foreach (var (function, user) in new[] { ("loadUser", "c1"), ("loadUserAsync", "c2") })
            {
                var id = Envelopes.NewEventId();
                (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id, function: function, userId: user, release: "app@1.0.0"))))
                    .StatusCode.ShouldBe(HttpStatusCode.OK);
            }
            digest = app.DigestAsync();
            // The digest waits behind the merge for the issues' rows, then finds the fingerprints where the merge left them
            // (it once went on, stored an event in the issue the merge then deleted, and lost it).
            await hold.WaitersAsync(2, "the digest did not wait for the merge");
            digest.IsCompleted.ShouldBeFalse();
            await hold.ReleaseAsync();
        }
        (await merge).StatusCode.ShouldBe(HttpStatusCode.OK);
        await digest;
        await app.DigestAsync();

        (await app.WithDbAsync(db => db.Issues.Where(i => i.ProjectId == projectId).Select(i => i.Id).ToListAsync())).ShouldBe([target]);
        (await app.WithDbAsync(db => db.Events.CountAsync(e => e.IssueId == target))).ShouldBe(5, "every acknowledged event is kept");
        (await app.WithDbAsync(db => db.Issues.Where(i => i.Id == target).Select(i => i.Count).SingleAsync())).ShouldBe(5, "the count matches the events");
        (await app.WithDbAsync(db => db.QuarantinedEnvelopes.CountAsync())).ShouldBe(0);
    }

    [Theory, PostgresData]
    public async Task A_merge_and_a_digest_that_meets_its_issues_in_the_other_order_do_not_deadlock(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        var (a, b) = await TwoIssuesAsync(app, 2, 1);
        a.ShouldBeLessThan(b);
        await using var watcher = await OpenAsync(app);
        var deadlocks = await DeadlocksAsync(watcher);
        Task<HttpResponseMessage> merge;
        Task<int> digest;
        // The merge takes A, then waits for B; the digest's batch names B's fingerprint before A's.
        await using (var hold = await RowHold.TakeAsync(app.ConnectionString!, $"SELECT 1 FROM issues WHERE id = {b} FOR KEY SHARE"))
        {
            merge = api.PostJsonAsync("/api/v1/issues/merge", new { issueIds = new[] { a, b } });
            await hold.WaitersAsync(1, "the merge never waited for B");
            await SendAsync(app, projectId, key, "loadUserAsync", "b-new");
            await SendAsync(app, projectId, key, "loadUser", "a-new");
            digest = app.DigestAsync();
            await hold.WaitersAsync(2, "the digest never waited");
            await hold.ReleaseAsync();
        }
        (await merge).StatusCode.ShouldBe(HttpStatusCode.OK);
        await digest;
        (await DeadlocksAsync(watcher)).ShouldBe(deadlocks);
        (await app.WithDbAsync(db => db.Events.CountAsync(e => e.IssueId == a))).ShouldBe(5);
        (await app.WithDbAsync(db => db.Issues.Where(i => i.Id == a).Select(i => i.Count).SingleAsync())).ShouldBe(5);
    }

    [Theory, PostgresData]
    public async Task An_event_digested_while_its_fingerprint_is_split_out_follows_the_fingerprint(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        var (kept, other) = await TwoIssuesAsync(app, 2, 1);
        var otherHash = await app.WithDbAsync(db => db.IssueHashes.Where(h => h.IssueId == other).Select(h => h.Hash).SingleAsync());
        (await api.PostJsonAsync("/api/v1/issues/merge", new { issueIds = new[] { kept, other } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        Task<HttpResponseMessage> unmerge;
        Task<int> digest;
        await using (var hold = await RowHold.TakeAsync(app.ConnectionString!, $"SELECT 1 FROM events WHERE issue_id = {kept} AND hash = '{otherHash}' FOR UPDATE"))
        {
            unmerge = api.PostJsonAsync($"/api/v1/issues/{kept}/unmerge", new { hashes = new[] { otherHash } });
            await hold.WaitersAsync(1, "the unmerge never reached the held events");
            await SendAsync(app, projectId, key, "loadUserAsync", "c2");
            digest = app.DigestAsync();
            await hold.WaitersAsync(2, "the digest did not wait for the unmerge");
            await hold.ReleaseAsync();
        }
        var response = await unmerge;
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var split = (await response.ReadJsonAsync())["issueId"].Long();
        await digest;
        (await app.WithDbAsync(db => db.Events.Where(e => e.Hash == otherHash).Select(e => e.IssueId).ToListAsync())).ShouldBe([split, split]);
        (await app.WithDbAsync(db => db.Issues.Where(i => i.Id == split).Select(i => i.Count).SingleAsync())).ShouldBe(2);
    }

    [Theory, PostgresData]
    public async Task Issues_deleted_meanwhile_make_a_second_delete_not_found_and_a_merge_a_conflict(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var (a, b) = await TwoIssuesAsync(app, 2, 1);
        Task<HttpResponseMessage> delete, again, merge;
        // A double click on delete, and a merge naming the issue being deleted, all checked before the first commits.
        await using (var hold = await RowHold.TakeAsync(app.ConnectionString!, $"SELECT 1 FROM issues WHERE id = {b} FOR KEY SHARE"))
        {
            delete = api.DeleteAsync($"/api/v1/issues/{b}");
            await hold.WaitersAsync(1, "the delete never waited");
            again = api.DeleteAsync($"/api/v1/issues/{b}");
            await hold.WaitersAsync(2, "the second delete never waited");
            merge = api.PostJsonAsync("/api/v1/issues/merge", new { issueIds = new[] { a, b } });
            await hold.WaitersAsync(3, "the merge never waited");
            await hold.ReleaseAsync();
        }
        (await delete).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await again).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await merge).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await app.WithDbAsync(db => db.IssueActivities.CountAsync(x => x.IssueId == a && x.Kind == "merged"))).ShouldBe(0);
        (await app.WithDbAsync(db => db.Events.CountAsync())).ShouldBe(2);
    }

    [Theory, PostgresData]
    public async Task Bulk_triage_and_a_digest_that_holds_one_of_its_issues_do_not_deadlock(string provider)
    {
        var warnings = new WarningLog();
        await using var app = await BugSageFactory.CreateAsync(provider, services: s => s.AddSingleton<ILoggerProvider>(warnings));
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        var (a, b) = await TwoIssuesAsync(app, 1, 1);
        a.ShouldBeLessThan(b);
        Task<HttpResponseMessage> triage;
        Task<int> digest;
        // The digest takes B, then stops at the project row (a new issue's number). Triage resolves A and B; saving A
        // once took A's hourly issue-time rows, which the digest's new issue needs next, before waiting for B.
        await using (var hold = await RowHold.TakeAsync(app.ConnectionString!, $"SELECT 1 FROM projects WHERE id = {projectId} FOR UPDATE"))
        {
            await SendAsync(app, projectId, key, "loadUserAsync", "b2");
            await SendAsync(app, projectId, key, "brandNewFailure", "c1");
            digest = app.DigestAsync();
            await hold.WaitersAsync(1, "the digest never waited for the project");
            triage = api.PatchJsonAsync($"/api/v1/projects/{projectId}/issues?id={a}&id={b}", new { status = "resolved" });
            await hold.WaitersAsync(2, "the triage never waited for B");
            await hold.ReleaseAsync();
        }
        (await triage).StatusCode.ShouldBe(HttpStatusCode.OK);
        await digest;
        warnings.Lines.ShouldNotContain(l => l.Contains("deadlock", StringComparison.OrdinalIgnoreCase) || l.Contains("digest batch", StringComparison.OrdinalIgnoreCase));
        (await app.WithDbAsync(db => db.Events.CountAsync())).ShouldBe(4);
    }

    [Theory, PostgresData]
    public async Task An_event_digested_while_its_issue_is_deleted_with_discard_is_dropped_not_made_a_new_issue(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("loadUser", 1, userPrefix: "a");
        var doomed = await IssueIdAsync(app, "loadUser");
        Task<HttpResponseMessage> delete;
        Task<int> digest;
        // The delete takes the issue and stops at its held events; the digest finds no discard yet and waits for the
        // issue, which is gone with its fingerprint when the wait ends.
        await using (var hold = await RowHold.TakeAsync(app.ConnectionString!, $"SELECT 1 FROM events WHERE issue_id = {doomed} FOR UPDATE"))
        {
            delete = api.DeleteAsync($"/api/v1/issues/{doomed}?discard=true");
            await hold.WaitersAsync(1, "the delete never reached the held events");
            await SendAsync(app, projectId, key, "loadUser", "a-late");
            digest = app.DigestAsync();
            await hold.WaitersAsync(2, "the digest did not wait for the delete");
            await hold.ReleaseAsync();
        }
        (await delete).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await digest;
        (await app.WithDbAsync(db => db.Issues.CountAsync(i => i.ProjectId == projectId))).ShouldBe(0, "a discarded fingerprint opens no new issue");
        (await app.WithDbAsync(db => db.Events.CountAsync())).ShouldBe(0);
        (await app.WithDbAsync(db => db.ItemOutcomes.SingleAsync(o => o.Reason == "discarded_issue"))).Quantity.ShouldBe(1);
    }

    [Theory, PostgresData]
    public async Task A_second_unmerge_of_the_same_fingerprint_is_a_conflict_not_an_empty_issue(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var (kept, other) = await TwoIssuesAsync(app, 2, 1);
        var otherHash = await app.WithDbAsync(db => db.IssueHashes.Where(h => h.IssueId == other).Select(h => h.Hash).SingleAsync());
        (await api.PostJsonAsync("/api/v1/issues/merge", new { issueIds = new[] { kept, other } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        Task<HttpResponseMessage> first, second;
        // Both pass the check of the issue's fingerprints before the first moves any.
        await using (var hold = await RowHold.TakeAsync(app.ConnectionString!, $"SELECT 1 FROM events WHERE issue_id = {kept} AND hash = '{otherHash}' FOR UPDATE"))
        {
            first = api.PostJsonAsync($"/api/v1/issues/{kept}/unmerge", new { hashes = new[] { otherHash } });
            await hold.WaitersAsync(1, "the first unmerge never reached the held events");
            second = api.PostJsonAsync($"/api/v1/issues/{kept}/unmerge", new { hashes = new[] { otherHash } });
            await hold.WaitersAsync(2, "the second unmerge never waited");
            await hold.ReleaseAsync();
        }
        (await first).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await app.WithDbAsync(db => db.Issues.OrderBy(i => i.Id).Select(i => i.Count).ToListAsync())).ShouldBe([2, 1], "no empty issue is left behind");
    }

    [Theory, PostgresData]
    public async Task Triage_of_an_issue_deleted_meanwhile_is_not_found_and_a_bulk_change_skips_it(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (a, b) = await TwoIssuesAsync(app, 1, 1);
        Task<HttpResponseMessage> delete, single, bulk;
        await using (var hold = await RowHold.TakeAsync(app.ConnectionString!, $"SELECT 1 FROM events WHERE issue_id = {b} FOR UPDATE"))
        {
            delete = api.DeleteAsync($"/api/v1/issues/{b}");
            await hold.WaitersAsync(1, "the delete never reached the held events");
            // Both read B before the delete commits, then wait for its row (saving it once answered 500).
            single = api.PatchJsonAsync($"/api/v1/issues/{b}", new { status = "resolved" });
            await hold.WaitersAsync(2, "the change never waited for the delete");
            bulk = api.PatchJsonAsync($"/api/v1/projects/{projectId}/issues?id={a}&id={b}", new { status = "resolved" });
            await hold.WaitersAsync(3, "the bulk change never waited for the delete");
            await hold.ReleaseAsync();
        }
        (await delete).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await single).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var response = await bulk;
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadJsonAsync())["updated"].Long().ShouldBe(1);
        (await app.WithDbAsync(db => db.Issues.Select(i => i.Id).ToListAsync())).ShouldBe([a]);
        (await app.WithDbAsync(db => db.Issues.Select(i => i.Status).SingleAsync())).ShouldBe(Core.Issues.IssueStatus.Resolved);
    }

    [Theory, PostgresData]
    public async Task Two_people_resolving_one_issue_at_once_count_one_resolution(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        await app.SendErrorsAsync("loadUser", 1, userPrefix: "a");
        var issue = await IssueIdAsync(app, "loadUser");
        Task<HttpResponseMessage> first, second;
        // Both read the issue unresolved, then wait for its row.
        await using (var hold = await RowHold.TakeAsync(app.ConnectionString!, $"SELECT 1 FROM issues WHERE id = {issue} FOR SHARE"))
        {
            first = api.PatchJsonAsync($"/api/v1/issues/{issue}", new { status = "resolved" });
            await hold.WaitersAsync(1, "the first change never waited");
            second = api.PatchJsonAsync($"/api/v1/issues/{issue}", new { status = "resolved" });
            await hold.WaitersAsync(2, "the second change never waited");
            await hold.ReleaseAsync();
        }
        (await first).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Decided from what each read before the wait, both counted a resolution.
        (await app.WithDbAsync(db => db.IssueHours.SumAsync(h => h.Resolved))).ShouldBe(1);
    }

    /// <summary>The host's warnings and errors, with their exceptions' messages.</summary>
    private sealed class WarningLog : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Lines);

        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) lines.Enqueue($"{formatter(state, exception)} {exception?.Message}");
            }
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(BugSageFactory app)
    {
        var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task SendAsync(BugSageFactory app, long projectId, string key, string function, string user)
    {
        var id = Envelopes.NewEventId();
        (await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(id, Envelopes.NodeError(id, function: function, userId: user, release: "app@1.0.0"))))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>Deadlocks PostgreSQL has detected in the database so far (its statistics flushed first).</summary>
    private static async Task<long> DeadlocksAsync(NpgsqlConnection connection)
    {
        await using var flush = new NpgsqlCommand("SELECT pg_stat_force_next_flush()", connection);
        await flush.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Two issues of the default project: <c>loadUser</c>'s (users a…) and then <c>loadUserAsync</c>'s (users b…).</summary>
    private static async Task<(long First, long Second)> TwoIssuesAsync(BugSageFactory app, int firstEvents, int secondEvents)
    {
        await app.SendErrorsAsync("loadUser", firstEvents, userPrefix: "a");
        await app.SendErrorsAsync("loadUserAsync", secondEvents, userPrefix: "b");
        return (await IssueIdAsync(app, "loadUser"), await IssueIdAsync(app, "loadUserAsync"));
    }

    private static Task<long> IssueIdAsync(BugSageFactory app, string function) =>
        app.WithDbAsync(db => db.Issues.Where(i => i.Culprit!.StartsWith(function + "(")).Select(i => i.Id).SingleAsync());
}
