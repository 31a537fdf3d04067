using System.Net;
using BugSage.Core.Processing;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Robustness;

/// <summary>
/// An acknowledged record the digest cannot store (here: the database refuses its event, through
/// a trigger the test installs) is set aside with its reason; the records around it are stored,
/// and neither a second drain nor a restart tries it again.
/// </summary>
public sealed class PoisonRecordTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_poison_record_is_quarantined_and_the_records_around_it_are_digested(string provider)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "bugsage-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            string? connectionString;
            var good = new[] { Envelopes.NewEventId(), Envelopes.NewEventId() };
            var poison = Envelopes.NewEventId();
            long quarantinedId;
            await using (var app = await BugSageFactory.CreateAsync(provider, dataDirectory: dataDirectory))
            {
                connectionString = app.Services.GetRequiredService<IConfiguration>()["BugSage:Storage:ConnectionString"];
                await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(PoisonTrigger(provider, poison)));
                var (projectId, key) = await app.DefaultKeyAsync();
                var sdk = app.CreateClient();
                foreach (var id in new[] { good[0], poison, good[1] })
                    (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id)))).StatusCode.ShouldBe(HttpStatusCode.OK);

                (await app.DigestAsync()).ShouldBe(3);
                (await StoredEventIdsAsync(app)).ShouldBe(good.Order(), ignoreOrder: true);

                var api = await app.SignedInClientAsync();
                var listed = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/quarantine"))["items"]!.AsArray();
                listed.Count.ShouldBe(1);
                listed[0]!["reason"].Str().ShouldContain("poison record");
                listed[0]!["preview"].Str().ShouldContain(poison);
                quarantinedId = listed[0]!["id"].Long();
                (await api.GetStringAsync("/metrics")).ShouldContain("bugsage_envelopes_quarantined_total 1");
                (await app.DigestAsync()).ShouldBe(0);
            }

            // A restart on the same data starts after the quarantined record.
            var settings = new Dictionary<string, string?> { ["BugSage:Storage:ConnectionString"] = connectionString };
            await using (var restarted = await BugSageFactory.CreateAsync(provider, provider == "postgres" ? settings : null, dataDirectory))
            {
                (await restarted.DigestAsync()).ShouldBe(0);
                (await StoredEventIdsAsync(restarted)).ShouldBe(good.Order(), ignoreOrder: true);

                // Once the cause is gone, an admin sends it through again.
                await restarted.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(provider == "postgres" ? "DROP TRIGGER poison_record ON events" : "DROP TRIGGER poison_record"));
                var api = await restarted.SignedInClientAsync();
                var (projectId, _) = await restarted.DefaultKeyAsync();
                (await api.PostAsync($"/api/v1/projects/{projectId}/quarantine/{quarantinedId}/retry", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
                (await restarted.DigestAsync()).ShouldBe(1);
                (await StoredEventIdsAsync(restarted)).ShouldBe([.. good, poison], ignoreOrder: true);
                (await api.GetJsonAsync($"/api/v1/projects/{projectId}/quarantine"))["items"]!.AsArray().Count.ShouldBe(0);
                (await api.PostAsync($"/api/v1/projects/{projectId}/quarantine/{quarantinedId}/retry", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Only_admins_of_the_project_read_retry_or_delete_quarantined_envelopes()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, _) = await app.DefaultKeyAsync();
        var (intruder, _, _) = await app.NewTenantAsync("intruder@example.com");
        (await intruder.GetAsync($"/api/v1/projects/{projectId}/quarantine")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.DeleteAsync($"/api/v1/projects/{projectId}/quarantine/1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.PostAsync($"/api/v1/projects/{projectId}/quarantine/1/retry", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CreateClient().GetAsync($"/api/v1/projects/{projectId}/quarantine")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static Task<List<string>> StoredEventIdsAsync(BugSageFactory app) =>
        app.WithDbAsync(db => db.Events.Select(e => e.EventId).OrderBy(e => e).ToListAsync());

    /// <summary>A database that refuses one event, the way a record no batch can hold would be refused.</summary>
    private static string PoisonTrigger(string provider, string eventId) => provider == "postgres"
        ? $"""
          CREATE FUNCTION poison_record() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF NEW.event_id = '{eventId}' THEN RAISE EXCEPTION 'poison record'; END IF; RETURN NEW; END $$;
          CREATE TRIGGER poison_record BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION poison_record();
          """
        : $"CREATE TRIGGER poison_record BEFORE INSERT ON events WHEN NEW.event_id = '{eventId}' BEGIN SELECT RAISE(ABORT, 'poison record'); END;";
}
