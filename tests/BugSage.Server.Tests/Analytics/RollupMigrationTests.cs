using BugSage.Core.Analytics;
using BugSage.Core.Data;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static BugSage.Server.Tests.Analytics.RollupTests;

namespace BugSage.Server.Tests.Analytics;

/// <summary>
/// A database upgraded from before a rollup existed gets it filled from the rows it had, and the rollups then equal a
/// recount as in <see cref="RollupTests"/>.
/// </summary>
public class RollupMigrationTests
{
    /// <summary>
    /// A database upgraded past M0053 (M0055, M0059) has hourly (daily) sketches and no project hours (project and environment days):
    /// start-up merges them all in.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task Project_users_are_merged_from_the_stored_hours_and_days_when_a_database_has_none(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("loadUser", 3, Start.AddHours(-1), userPrefix: "a", release: "app@1.0.0");
        await app.SendErrorsAsync("saveUser", 2, Start.AddHours(-1), userPrefix: "b", release: "app@2.0.0", environment: "staging");
        // Older than the two days every start merges again: only filling an empty table whole brings it in.
        await app.SendErrorsAsync("dropUser", 1, Start.AddDays(-5), userPrefix: "c", release: "app@2.0.0");
        await app.WithDbAsync(db => db.ProjectUserSketchHours.ExecuteDeleteAsync());
        await app.WithDbAsync(db => db.ProjectUserSketchDays.ExecuteDeleteAsync());
        await app.WithDbAsync(db => db.EnvironmentUserSketchDays.ExecuteDeleteAsync());
        await app.WithDbAsync(db => db.EnvironmentUserSketchHours.ExecuteDeleteAsync());

        await app.WithDbAsync(async db => { await DatabaseMigrator.MigrateAsync(db, CancellationToken.None, clock); return 0; });
        await ShouldMatchRecountAsync(app, projectId, "after start-up merged the project hours and days");
        (await app.WithDbAsync(async db => Merged(await db.ProjectUserSketchHours.Select(h => h.Sketch).ToListAsync()).Estimate())).ShouldBe(6);
        (await app.WithDbAsync(async db => Merged(await db.ProjectUserSketchDays.Select(d => d.Sketch).ToListAsync()).Estimate())).ShouldBe(6);
        (await app.WithDbAsync(async db => Merged(await db.EnvironmentUserSketchDays.Where(d => d.Environment == "production").Select(d => d.Sketch).ToListAsync()).Estimate()))
            .ShouldBe(4, "a0..a2 and c0");

        // Upgraded past M0059 alone: project rows are there, environment rows are not. Each table is filled whole on its own.
        await app.WithDbAsync(db => db.EnvironmentUserSketchDays.ExecuteDeleteAsync());
        await app.WithDbAsync(db => db.EnvironmentUserSketchHours.ExecuteDeleteAsync());
        await app.WithDbAsync(async db => { await DatabaseMigrator.MigrateAsync(db, CancellationToken.None, clock); return 0; });
        (await app.WithDbAsync(async db => Merged(await db.EnvironmentUserSketchDays.Where(d => d.Environment == "production").Select(d => d.Sketch).ToListAsync()).Estimate()))
            .ShouldBe(4, "c0's day is five days old: only a whole fill brings it in");
        (await app.WithDbAsync(async db => Merged(await db.EnvironmentUserSketchHours.Where(h => h.Environment == "production").Select(h => h.Sketch).ToListAsync()).Estimate()))
            .ShouldBe(4, "and c0's hour");
        await ShouldMatchRecountAsync(app, projectId, "after start-up filled the environment days alone");

        // During a rolling upgrade a node of the version before writes hours but not project hours: each start merges the
        // last two days in again, though the table is no longer empty.
        await app.SendErrorsAsync("findUser", 2, Start.AddHours(-3), userPrefix: "d", release: "app@2.0.0");
        await app.WithDbAsync(db => db.ProjectUserSketchHours.Where(h => h.Hour == RollupChanges.HourOf(Start.UtcDateTime.AddHours(-3))).ExecuteDeleteAsync());
        await app.WithDbAsync(db => db.ProjectUserSketchDays.Where(d => d.Day == UserSketchStore.DayOf(RollupChanges.HourOf(Start.UtcDateTime.AddHours(-3)))).ExecuteDeleteAsync());
        await app.WithDbAsync(db => db.EnvironmentUserSketchDays.Where(d => d.Day == UserSketchStore.DayOf(RollupChanges.HourOf(Start.UtcDateTime.AddHours(-3)))).ExecuteDeleteAsync());
        await app.WithDbAsync(db => db.EnvironmentUserSketchHours.Where(h => h.Hour == RollupChanges.HourOf(Start.UtcDateTime.AddHours(-3))).ExecuteDeleteAsync());
        (await app.WithDbAsync(db => db.ProjectUserSketchDays.AnyAsync())).ShouldBeTrue("the other day's row stays, so this start merges only the last two days");
        await app.WithDbAsync(async db => { await DatabaseMigrator.MigrateAsync(db, CancellationToken.None, clock); return 0; });
        await ShouldMatchRecountAsync(app, projectId, "after a start merged the hours an older node wrote");
    }

    /// <summary>A database with project hours upgraded past M0060 gets its project days summed from them.</summary>
    [Theory, SqliteData, PostgresData]
    public async Task Project_days_are_summed_from_the_project_hours_a_database_had_before_M0060(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("loadUser", 3, Start.AddDays(-3), userPrefix: "a", release: "app@1.0.0");
        await app.SendErrorsAsync("saveUser", 2, Start.AddHours(-1), userPrefix: "b", release: "app@2.0.0", environment: "staging");
        await MigrateAgainAsync(app, "20261225000060_ProjectDays", async db =>
        {
            var postgres = db.Database.IsNpgsql();
            foreach (var rollup in new[] { DayRollupSql.ProjectEventDays(postgres), DayRollupSql.ProjectLifecycleDays(postgres) })
                foreach (var statement in rollup.DropTriggers()) await db.Database.ExecuteSqlRawAsync(statement);
            await db.Database.ExecuteSqlRawAsync("DROP TABLE analytics_project_event_days");
            await db.Database.ExecuteSqlRawAsync("DROP TABLE analytics_project_lifecycle_days");
            (await db.ProjectEventHours.SumAsync(h => h.Events)).ShouldBe(5, "the project hours stay as they were");
        });
        (await app.WithDbAsync(db => db.ProjectEventDays.SumAsync(d => d.Events))).ShouldBe(5);
        (await app.WithDbAsync(db => db.ProjectLifecycleDays.SumAsync(d => d.NewIssues))).ShouldBe(2);
        await ShouldMatchRecountAsync(app, projectId, "after M0060 summed the project hours a database had");
    }

    /// <summary>A database with event hours upgraded past M0062 gets its days by release summed from them.</summary>
    [Theory, SqliteData, PostgresData]
    public async Task Release_days_are_summed_from_the_event_hours_a_database_had_before_M0062(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("loadUser", 3, Start.AddDays(-3), userPrefix: "a", release: "app@1.0.0");
        await app.SendErrorsAsync("saveUser", 2, Start.AddDays(-3), userPrefix: "b", release: "app@1.0.0", environment: "staging");
        await MigrateAgainAsync(app, "20261225000062_ReleaseEventDays", async db =>
        {
            foreach (var statement in DayRollupSql.ReleaseEventDays(db.Database.IsNpgsql()).DropTriggers()) await db.Database.ExecuteSqlRawAsync(statement);
            await db.Database.ExecuteSqlRawAsync("DROP TABLE analytics_release_event_days");
        });
        (await app.WithDbAsync(db => db.ReleaseEventDays.Select(d => new { d.Release, d.Events }).ToListAsync())).Select(d => (d.Release, d.Events))
            .ShouldBe([("app@1.0.0", 5L)], "both environments' hours in one day and release");
        await app.SendErrorsAsync("deleteUser", 1, Start.AddDays(-5), userPrefix: "c", release: "app@2.0.0");
        await ShouldMatchRecountAsync(app, projectId, "after M0062 summed the event hours a database had");
    }

    /// <summary>
    /// Issue days a database had before M0061 get their project's organization, and the triggers M0061 puts back write it
    /// on the days that come after.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task Issue_days_a_database_had_before_M0061_are_given_their_organization(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var (projectId, _) = await app.DefaultKeyAsync();
        var orgId = await app.DefaultOrganizationAsync();
        await app.SendErrorsAsync("loadUser", 3, Start.AddDays(-3), userPrefix: "a");
        await app.SendErrorsAsync("saveUser", 2, Start.AddHours(-1), userPrefix: "b");
        var (_, tenantOrg, tenantProject) = await app.NewTenantAsync("tenant@example.com");
        await app.WithDbAsync(async db =>
        {
            var issue = new Core.Issues.Issue { ProjectId = tenantProject, ShortNumber = 1, Title = "Tenant error", Culprit = "tenant()", Count = 4,
                FirstSeen = Start.UtcDateTime.AddDays(-2), LastSeen = Start.UtcDateTime.AddDays(-2), Platform = "node" };
            db.Issues.Add(issue);
            await db.SaveChangesAsync();
            db.IssueHourlyCounts.Add(new Core.Issues.IssueHourlyCount { IssueId = issue.Id, Hour = Start.UtcDateTime.Date.AddDays(-2), Count = 4 });
            await db.SaveChangesAsync();
        });
        await MigrateAgainAsync(app, "20261225000061_IssueDayOrganizations", async db =>
        {
            var postgres = db.Database.IsNpgsql();
            foreach (var statement in new IssueDaySql(postgres).DropTriggers()) await db.Database.ExecuteSqlRawAsync(statement);
            await db.Database.ExecuteSqlRawAsync("DROP INDEX ix_analytics_issue_days_organization_id_day_events_issue_id");
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE analytics_issue_days DROP COLUMN organization_id");
            foreach (var statement in new IssueDaySql(postgres, organizations: false, weeks: false).CreateTriggers()) await db.Database.ExecuteSqlRawAsync(statement);
        });
        var byOrganization = await app.WithDbAsync(db => db.IssueDays.GroupBy(d => d.OrganizationId).Select(g => new { g.Key, Events = g.Sum(d => d.Events) })
            .OrderBy(g => g.Key).ToListAsync());
        byOrganization.Select(g => (g.Key, g.Events)).ShouldBe([(orgId, 5L), (tenantOrg, 4L)]);
        await app.SendErrorsAsync("deleteUser", 1, Start.AddDays(-5), userPrefix: "c");
        (await app.WithDbAsync(db => db.IssueDays.CountAsync(d => d.ProjectId == projectId && d.OrganizationId != orgId))).ShouldBe(0, "a day written by the triggers after M0061");
        (await app.WithDbAsync(db => db.IssueDays.Where(d => d.ProjectId == projectId).SumAsync(d => d.Events))).ShouldBe(6);
    }

    /// <summary>A database with issue-time hours upgraded past M0063 gets their days summed from them.</summary>
    [Theory, SqliteData, PostgresData]
    public async Task Issue_time_days_are_summed_from_the_hours_a_database_had_before_M0063(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("loadUser", 3, Start.AddDays(-3));
        await app.SendErrorsAsync("saveUser", 2, Start.AddHours(-1));
        var issue = await app.WithDbAsync(db => db.Issues.Where(i => i.Culprit!.StartsWith("loadUser(")).Select(i => i.Id).SingleAsync());
        (await api.PatchJsonAsync($"/api/v1/issues/{issue}", new { status = "resolved" })).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        await MigrateAgainAsync(app, "20261225000063_IssueTimeDays", async db =>
        {
            foreach (var statement in DayRollupSql.IssueTimeDays(db.Database.IsNpgsql()).DropTriggers()) await db.Database.ExecuteSqlRawAsync(statement);
            await db.Database.ExecuteSqlRawAsync("DROP TABLE analytics_issue_time_days");
        });
        (await app.WithDbAsync(db => db.IssueTimeDays.SumAsync(d => d.OpenIssues))).ShouldBe(1, "saveUser is still open");
        (await app.WithDbAsync(db => db.IssueTimeDays.SumAsync(d => d.Resolved))).ShouldBe(1);
        await ShouldMatchRecountAsync(app, projectId, "after M0063 summed the issue-time hours a database had");
    }

    /// <summary>A database with hours upgraded past M0064 gets their weeks by release and the duration buckets' weeks summed from them.</summary>
    [Theory, SqliteData, PostgresData]
    public async Task Weeks_are_summed_from_the_hours_a_database_had_before_M0064(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("loadUser", 3, Start.AddDays(-10), release: "app@1.0.0");
        await app.SendErrorsAsync("saveUser", 2, Start.AddDays(-3), release: "app@1.0.0", environment: "staging");
        var issue = await app.WithDbAsync(db => db.Issues.Where(i => i.Culprit!.StartsWith("loadUser(")).Select(i => i.Id).SingleAsync());
        (await api.PatchJsonAsync($"/api/v1/issues/{issue}", new { status = "resolved" })).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        await MigrateAgainAsync(app, "20261225000064_RollupWeeks", async db =>
        {
            var postgres = db.Database.IsNpgsql();
            foreach (var rollup in new[] { DayRollupSql.ReleaseEventWeeks(postgres), DayRollupSql.LifecycleWeeks(postgres), DayRollupSql.IssueTimeBucketWeeks(postgres) })
                foreach (var statement in rollup.DropTriggers()) await db.Database.ExecuteSqlRawAsync(statement);
            await db.Database.ExecuteSqlRawAsync("DROP TABLE analytics_release_event_weeks");
            await db.Database.ExecuteSqlRawAsync("DROP TABLE analytics_issue_lifecycle_weeks");
            await db.Database.ExecuteSqlRawAsync("DROP TABLE analytics_issue_time_bucket_weeks");
        });
        (await app.WithDbAsync(db => db.ReleaseEventWeeks.SumAsync(w => w.Events))).ShouldBe(5);
        (await app.WithDbAsync(db => db.IssueLifecycleWeeks.SumAsync(w => w.NewIssues))).ShouldBe(2);
        (await app.WithDbAsync(db => db.IssueTimeBucketWeeks.SumAsync(w => w.Issues))).ShouldBe(2, "one resolution and its first triage");
        await ShouldMatchRecountAsync(app, projectId, "after M0064 summed the hours a database had");
    }

    /// <summary>A database with issue days upgraded past M0065 gets each issue's weeks summed from them, and the triggers keep them after.</summary>
    [Theory, SqliteData, PostgresData]
    public async Task Issue_weeks_are_summed_from_the_days_a_database_had_before_M0065(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var (projectId, _) = await app.DefaultKeyAsync();
        // Two weeks apart, and two days of one week.
        await app.SendErrorsAsync("loadUser", 3, Start.AddDays(-10));
        await app.SendErrorsAsync("loadUser", 2, Start.AddDays(-9));
        await app.SendErrorsAsync("saveUser", 2, Start.AddDays(-3));
        await MigrateAgainAsync(app, "20261225000065_IssueWeeks", async db =>
        {
            var postgres = db.Database.IsNpgsql();
            foreach (var statement in new IssueDaySql(postgres).DropTriggers()) await db.Database.ExecuteSqlRawAsync(statement);
            await db.Database.ExecuteSqlRawAsync("DROP TABLE analytics_issue_weeks");
            foreach (var statement in new IssueDaySql(postgres, weeks: false).CreateTriggers()) await db.Database.ExecuteSqlRawAsync(statement);
        });
        (await app.WithDbAsync(db => db.IssueWeeks.SumAsync(w => w.Events))).ShouldBe(7);
        await app.SendErrorsAsync("saveUser", 1, Start.AddHours(-2));
        (await app.WithDbAsync(db => db.IssueWeeks.SumAsync(w => w.Events))).ShouldBe(8, "written by the triggers M0065 made");
        await ShouldMatchRecountAsync(app, projectId, "after M0065 summed the issue days a database had");
    }

    /// <summary>
    /// Takes the database back to before <paramref name="migration"/> by <paramref name="undo"/> (what its Down does: a later
    /// migration's Down cannot run on SQLite), forgets that it ran, and migrates again.
    /// </summary>
    private static Task MigrateAgainAsync(BugSageFactory app, string migration, Func<AppDbContext, Task> undo) => app.WithDbAsync(async db =>
    {
        await undo(db);
        await db.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {migration}");
        (await db.Database.GetPendingMigrationsAsync()).ShouldBe([migration]);
        await db.Database.MigrateAsync();
    });
}
