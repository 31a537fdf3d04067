using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Robustness;

/// <summary>
/// A digest write that loses a race with another writer (in a cluster: another node's digest creating the same issue,
/// or taking rollup rows in another order) is no fault of its records: the batch is tried again whole and every
/// acknowledged event is stored. The race is played by a trigger that fails an event's insert with PostgreSQL's own
/// deadlock error a set number of times; a sequence counts the failures, since it is not rolled back with them.
/// </summary>
public sealed class DigestContentionTests
{
    [Theory, PostgresData]
    public async Task A_batch_that_loses_races_is_tried_again_whole_and_nothing_is_quarantined(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var ids = new[] { Envelopes.NewEventId(), Envelopes.NewEventId(), Envelopes.NewEventId() };
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(LosesRaces(ids[1], times: 4)));

        await PostAsync(app, ids);
        (await app.DigestAsync()).ShouldBe(3);

        (await StoredEventIdsAsync(app)).ShouldBe(ids, ignoreOrder: true);
        (await app.WithDbAsync(db => db.QuarantinedEnvelopes.CountAsync())).ShouldBe(0);
        (await MetricsScrape.ReadAsync(await app.SignedInClientAsync())).Value("bugsage_digest_contention_retries_total").ShouldBe(4);
    }

    [Theory, PostgresData]
    public async Task A_record_that_loses_every_race_is_quarantined_in_the_end_and_the_others_are_stored(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var ids = new[] { Envelopes.NewEventId(), Envelopes.NewEventId(), Envelopes.NewEventId() };
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(LosesRaces(ids[1], times: 1_000)));

        await PostAsync(app, ids);
        (await app.DigestAsync()).ShouldBe(3);

        (await StoredEventIdsAsync(app)).ShouldBe([ids[0], ids[2]], ignoreOrder: true);
        var reason = await app.WithDbAsync(db => db.QuarantinedEnvelopes.Select(q => q.Reason).SingleAsync());
        reason.ShouldContain("deadlock");
        (await app.DigestAsync()).ShouldBe(0);
    }

    private static async Task PostAsync(BugSageFactory app, IEnumerable<string> ids)
    {
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        foreach (var id in ids)
            (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id)))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static Task<List<string>> StoredEventIdsAsync(BugSageFactory app) =>
        app.WithDbAsync(db => db.Events.Select(e => e.EventId).ToListAsync());

    private static string LosesRaces(string eventId, int times) => $"""
        CREATE SEQUENCE lost_races;
        CREATE FUNCTION lose_race() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.event_id = '{eventId}' AND nextval('lost_races') <= {times} THEN
            RAISE EXCEPTION 'deadlock detected (played by the test)' USING ERRCODE = 'deadlock_detected';
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER lose_race BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION lose_race();
        """;
}
