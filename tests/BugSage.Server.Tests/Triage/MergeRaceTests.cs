using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BugSage.Server.Tests.Triage;

/// <summary>
/// A merge while the digest stores events of the issues it merges (PostgreSQL, where the two run at once): no event is
/// lost with a merged-away issue and no count is overwritten by one read before the digest's.
/// </summary>
public class MergeRaceTests
{
    [Theory, PostgresData]
    public async Task Events_digested_while_a_merge_runs_are_kept_and_counted_on_the_merged_issue(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("loadUser", 2, userPrefix: "a");
        await app.SendErrorsAsync("loadUserAsync", 1, userPrefix: "b");
        var target = await IssueIdAsync(app, "loadUser");
        var source = await IssueIdAsync(app, "loadUserAsync");

        // Hold the source's events, which the merge moves first, so the merge stops there; meanwhile the digest stores
        // one more event of each issue.
        await using var holder = new NpgsqlConnection(app.ConnectionString);
        await holder.OpenAsync();
        await using var watcher = new NpgsqlConnection(app.ConnectionString);
        await watcher.OpenAsync();
        Task<HttpResponseMessage> merge;
        Task<int> digest;
        await using (var tx = await holder.BeginTransactionAsync())
        {
            await using (var hold = new NpgsqlCommand($"SELECT 1 FROM events WHERE issue_id = {source} FOR UPDATE", holder, tx))
                (await hold.ExecuteScalarAsync()).ShouldBe(1);
            merge = api.PostJsonAsync("/api/v1/issues/merge", new { issueIds = new[] { target, source } });
            await Waits.WithinAsync(TimeSpan.FromSeconds(20), () => Waits.WaitingForLocksAsync(watcher, 1), "the merge never reached the held events");

            var sdk = app.CreateClient();
            foreach (var (function, user) in new[] { ("loadUser", "c1"), ("loadUserAsync", "c2") })
            {
                var id = Envelopes.NewEventId();
                (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id, function: function, userId: user, release: "app@1.0.0"))))
                    .StatusCode.ShouldBe(HttpStatusCode.OK);
            }
            digest = app.DigestAsync();
            // Either the digest is done, or it waits behind the merge as well.
            await Waits.WithinAsync(TimeSpan.FromSeconds(20), async () => digest.IsCompleted || await Waits.WaitingForLocksAsync(watcher, 2), "the digest neither finished nor waited");
            await tx.RollbackAsync();
        }
        (await merge).StatusCode.ShouldBe(HttpStatusCode.OK);
        await digest;
        await app.DigestAsync();

        (await app.WithDbAsync(db => db.Issues.Where(i => i.ProjectId == projectId).Select(i => i.Id).ToListAsync())).ShouldBe([target]);
        (await app.WithDbAsync(db => db.Events.CountAsync(e => e.IssueId == target))).ShouldBe(5, "every acknowledged event is kept");
        (await app.WithDbAsync(db => db.Issues.Where(i => i.Id == target).Select(i => i.Count).SingleAsync())).ShouldBe(5, "the count matches the events");
        (await app.WithDbAsync(db => db.QuarantinedEnvelopes.CountAsync())).ShouldBe(0);
    }

    private static Task<long> IssueIdAsync(BugSageFactory app, string function) =>
        app.WithDbAsync(db => db.Issues.Where(i => i.Culprit!.StartsWith(function + "(")).Select(i => i.Id).SingleAsync());
}
