using System.Net;
using BugSage.Core.Analytics;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Analytics;

/// <summary>The caps on environments and releases hold by the server's clock, whatever timestamps senders pick, and on every path that writes rollups.</summary>
public class RollupCapTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 30, 0, TimeSpan.Zero);

    [Theory, SqliteData, PostgresData]
    public async Task Back_dating_each_made_up_name_into_a_week_of_its_own_still_folds_past_the_caps(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var (projectId, _) = await app.DefaultKeyAsync();
        // One batch per name, each stamped eight days before the last: judged by event time, every window looked empty.
        for (var i = 0; i < RollupDimensions.MaxReleases + 15; i++)
            await WriteAsync(app, projectId, Start.UtcDateTime.AddDays(-8 * i), $"env-{i}", $"flood@{i}");

        var (releases, environments, events) = await app.WithDbAsync(async db => (
            await db.EventHours.Select(h => h.Release).Distinct().CountAsync(), await db.EventHours.Select(h => h.Environment).Distinct().CountAsync(),
            await db.EventHours.SumAsync(h => h.Events)));
        releases.ShouldBe(RollupDimensions.MaxReleases + 1, "the releases under the cap, and (other)");
        environments.ShouldBe(RollupDimensions.MaxEnvironments + 1);
        events.ShouldBe(RollupDimensions.MaxReleases + 15, "folded, not dropped");
        var lastSeen = await app.WithDbAsync(db => db.RollupDimensions.Select(d => d.LastSeen).Distinct().ToListAsync());
        lastSeen.ShouldBe([RollupChanges.HourOf(Start.UtcDateTime)], "seen when the server wrote them, not when the sender said");
    }

    [Theory, SqliteData]
    public async Task A_folded_name_stays_folded_for_a_while_without_asking_again_then_takes_a_freed_slot(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var (projectId, _) = await app.DefaultKeyAsync();
        for (var i = 0; i < RollupDimensions.MaxEnvironments + 1; i++) await WriteAsync(app, projectId, Start.UtcDateTime, $"env-{i}", "app@1");
        var late = $"env-{RollupDimensions.MaxEnvironments}";
        (await EnvironmentsAsync(app)).ShouldNotContain(late);

        // Every admitted environment goes quiet for over a week: slots are free, but the fold is remembered for a while.
        clock.Advance(TimeSpan.FromMinutes(1));
        await app.WithDbAsync(db => db.RollupDimensions.ExecuteUpdateAsync(s => s.SetProperty(d => d.LastSeen, Start.UtcDateTime.AddDays(-8))));
        await WriteAsync(app, projectId, Start.UtcDateTime, late, "app@1");
        (await EnvironmentsAsync(app)).ShouldNotContain(late);

        clock.Advance(RollupDimensions.FoldedFor);
        await WriteAsync(app, projectId, Start.UtcDateTime, late, "app@1");
        (await EnvironmentsAsync(app)).ShouldContain(late);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Deleting_an_issue_recounts_users_into_the_folded_rows_not_rows_past_the_caps(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.WithDbAsync(async db =>
        {
            db.RollupDimensions.AddRange(Enumerable.Range(0, RollupDimensions.MaxReleases).Select(i => new RollupDimension
                { ProjectId = projectId, Kind = RollupDimensions.Release, Value = $"busy@{i}", LastSeen = RollupChanges.HourOf(Start.UtcDateTime) }));
            return await db.SaveChangesAsync();
        });
        await app.SendErrorsAsync("loadUser", 2, Start.AddHours(-1), userPrefix: "a", release: "late@1");
        await app.SendErrorsAsync("saveUser", 3, Start.AddHours(-1), userPrefix: "b", release: "late@2");
        (await SketchReleasesAsync(app)).ShouldBe([RollupDimensions.Other]);

        var load = await app.WithDbAsync(db => db.Issues.Where(i => i.Culprit!.StartsWith("loadUser(")).Select(i => i.Id).SingleAsync());
        var api = await app.SignedInClientAsync();
        (await api.DeleteAsync($"/api/v1/issues/{load}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await SketchReleasesAsync(app)).ShouldBe([RollupDimensions.Other], "the recount folds as the digest did");
        var users = await app.WithDbAsync(async db => UserSketch.FromBytes(await db.UserSketchHours.Select(h => h.Sketch).SingleAsync()).Estimate());
        users.ShouldBe(3, "the deleted issue's users are gone, the other's kept");
    }

    private static Task<int> WriteAsync(BugSageFactory app, long projectId, DateTime at, string environment, string release) =>
        app.WithDbAsync(async db =>
        {
            var changes = new RollupChanges();
            changes.AddEvent(projectId, at, environment, release, "error", null);
            await using var tx = await db.Database.BeginTransactionAsync();
            await changes.WriteAsync(db, app.Services.GetRequiredService<RollupDimensions>(), CancellationToken.None);
            await tx.CommitAsync();
            return 0;
        });

    private static Task<List<string>> EnvironmentsAsync(BugSageFactory app) =>
        app.WithDbAsync(db => db.EventHours.Select(h => h.Environment).Distinct().ToListAsync());

    private static Task<List<string>> SketchReleasesAsync(BugSageFactory app) =>
        app.WithDbAsync(db => db.UserSketchHours.Select(h => h.Release).Distinct().ToListAsync());
}
