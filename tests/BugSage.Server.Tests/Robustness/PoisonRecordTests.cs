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
                (await MetricsScrape.ReadAsync(api)).Value("bugsage_envelopes_quarantined_total").ShouldBe(1);
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
        var id = await QuarantineAsync(app, projectId, Envelopes.NewEventId());
        var (intruder, _, _) = await app.NewTenantAsync("intruder@example.com");
        var member = await MemberAsync(app, "member@example.com");
        var anonymous = app.CreateClient();
        foreach (var (client, status) in new[] { (intruder, HttpStatusCode.NotFound), (member, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            (await client.GetAsync($"/api/v1/projects/{projectId}/quarantine")).StatusCode.ShouldBe(status);
            (await client.DeleteAsync($"/api/v1/projects/{projectId}/quarantine/{id}")).StatusCode.ShouldBe(status);
            (await client.PostAsync($"/api/v1/projects/{projectId}/quarantine/{id}/retry", null)).StatusCode.ShouldBe(status);
        }
        (await app.WithDbAsync(db => db.QuarantinedEnvelopes.CountAsync())).ShouldBe(1);
        (await app.DigestAsync()).ShouldBe(0);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Racing_retries_send_the_envelope_through_once_and_racing_deletes_delete_once(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        var retried = await QuarantineAsync(app, projectId, Envelopes.NewEventId());
        var deleted = await QuarantineAsync(app, projectId, Envelopes.NewEventId());
        var api = await app.SignedInClientAsync();

        var retries = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => api.PostAsync($"/api/v1/projects/{projectId}/quarantine/{retried}/retry", null)));
        var deletes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => api.DeleteAsync($"/api/v1/projects/{projectId}/quarantine/{deleted}")));

        retries.Select(r => r.StatusCode).Order().ShouldBe([HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound]);
        deletes.Select(r => r.StatusCode).Order().ShouldBe([HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound]);
        (await app.DigestAsync()).ShouldBe(1);
        (await app.WithDbAsync(db => db.QuarantinedEnvelopes.CountAsync())).ShouldBe(0);
    }

    /// <summary>Sets an envelope of the project aside as the digest would.</summary>
    private static Task<long> QuarantineAsync(BugSageFactory app, long projectId, string eventId) => app.WithDbAsync(async db =>
    {
        var quarantined = new BugSage.Core.Processing.Quarantine.QuarantinedEnvelope
        {
            ProjectId = projectId, NodeId = "node", InboxPosition = "1:0", Reason = "test",
            Envelope = System.Text.Encoding.UTF8.GetBytes(Envelopes.Event(eventId, Envelopes.NodeError(eventId))),
            ReceivedAt = DateTime.UtcNow, QuarantinedAt = DateTime.UtcNow,
        };
        db.Add(quarantined);
        await db.SaveChangesAsync();
        return quarantined.Id;
    });

    /// <summary>A signed-in member (not an admin) of the default organization.</summary>
    private static async Task<HttpClient> MemberAsync(BugSageFactory app, string email)
    {
        const string password = "member-password-123";
        await app.WithDbAsync(async db =>
        {
            var hasher = app.Services.GetRequiredService<Microsoft.AspNetCore.Identity.IPasswordHasher<BugSage.Core.Accounts.User>>();
            var user = new BugSage.Core.Accounts.User { Email = email, Name = "member", PasswordHash = "", CreatedAt = DateTime.UtcNow };
            user.PasswordHash = hasher.HashPassword(user, password);
            db.Add(user);
            await db.SaveChangesAsync();
            var orgId = await db.Organizations.Where(o => o.Slug == "default").Select(o => o.Id).SingleAsync();
            db.Add(new BugSage.Core.Accounts.Membership { OrganizationId = orgId, UserId = user.Id, Role = BugSage.Core.Accounts.Roles.Member, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        return await app.SignedInClientAsync(email, password);
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
