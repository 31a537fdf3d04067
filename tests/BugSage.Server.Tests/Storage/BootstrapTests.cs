using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Storage;

/// <summary>A first start makes a usable install; later starts keep what is there.</summary>
public class BootstrapTests
{
    [Theory, SqliteData, PostgresData]
    public async Task First_start_creates_the_default_organization_project_key_and_owner(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        (await app.WithDbAsync(db => db.Organizations.SingleAsync())).Slug.ShouldBe("default");
        var project = await app.WithDbAsync(db => db.Projects.SingleAsync());
        project.Slug.ShouldBe("default");
        var key = await app.WithDbAsync(db => db.ProjectKeys.SingleAsync());
        key.ProjectId.ShouldBe(project.Id);
        key.IsActive.ShouldBeTrue();
        key.PublicKey.Length.ShouldBe(32);
        (await app.WithDbAsync(db => db.Memberships.SingleAsync())).Role.ShouldBe("owner");
        (await app.SignedInClientAsync()).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_restart_on_the_same_data_keeps_everything_and_bootstraps_nothing_new()
    {
        var directory = Path.Combine(Path.GetTempPath(), "bugsage-restart-" + Guid.NewGuid().ToString("N"));
        string key;
        string eventId = Envelopes.NewEventId();
        var first = await BugSageFactory.CreateAsync("sqlite", dataDirectory: directory);
        (var projectId, key) = await first.DefaultKeyAsync();
        (await Envelopes.PostAsync(first.CreateClient(), projectId, key, Envelopes.Event(eventId, Envelopes.NodeError(eventId)))).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Stopped before digesting: the acknowledged envelope waits in the inbox.
        await first.DisposeAsync();

        await using var second = await BugSageFactory.CreateAsync("sqlite", dataDirectory: directory);
        (await second.DefaultKeyAsync()).Key.ShouldBe(key);
        (await second.WithDbAsync(db => db.Organizations.CountAsync())).ShouldBe(1);
        (await second.DigestAsync()).ShouldBe(1);
        (await second.WithDbAsync(db => db.Events.SingleAsync())).EventId.ShouldBe(eventId);
        await second.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}
