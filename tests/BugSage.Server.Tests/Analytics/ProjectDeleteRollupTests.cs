using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Analytics;

/// <summary>
/// A project deleted in the database takes its rollups with it by cascade. The triggers that keep the daily and
/// project-wide sums see its hour rows go and must not write a row back for the project being deleted: the delete
/// would then fail on the foreign key.
/// </summary>
public class ProjectDeleteRollupTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 30, 0, TimeSpan.Zero);

    [Theory, SqliteData, PostgresData]
    public async Task Deleting_a_project_in_the_database_cascades_through_its_rollups(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider, clock: new ManualClock(Start));
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("loadUser", 3, Start.AddHours(-30));
        await app.SendErrorsAsync("saveUser", 2, Start.AddHours(-2), release: "app@2.0.0");
        var issue = await app.WithDbAsync(db => db.Issues.Where(i => i.ProjectId == projectId).Select(i => i.Id).FirstAsync());
        (await api.PatchJsonAsync($"/api/v1/issues/{issue}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Rows(app, projectId)).ShouldAllBe(n => n > 0, "every rollup has rows before the delete");

        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM projects WHERE id = {projectId}"));

        (await Rows(app, projectId)).ShouldAllBe(n => n == 0);
    }

    private static Task<List<int>> Rows(BugSageFactory app, long projectId) => app.WithDbAsync(async db => new List<int>
    {
        await db.EventHours.CountAsync(r => r.ProjectId == projectId),
        await db.EventDays.CountAsync(r => r.ProjectId == projectId),
        await db.ReleaseEventDays.CountAsync(r => r.ProjectId == projectId),
        await db.ProjectEventHours.CountAsync(r => r.ProjectId == projectId),
        await db.IssueLifecycleDays.CountAsync(r => r.ProjectId == projectId),
        await db.ProjectIssueHours.CountAsync(r => r.ProjectId == projectId),
        await db.IssueTimeBuckets.CountAsync(r => r.ProjectId == projectId),
        await db.IssueTimeBucketDays.CountAsync(r => r.ProjectId == projectId),
        await db.IssueTimeHours.CountAsync(r => r.ProjectId == projectId),
        await db.IssueTimeDays.CountAsync(r => r.ProjectId == projectId),
        await db.ReleaseEventWeeks.CountAsync(r => r.ProjectId == projectId),
        await db.IssueLifecycleWeeks.CountAsync(r => r.ProjectId == projectId),
        await db.IssueTimeBucketWeeks.CountAsync(r => r.ProjectId == projectId),
        await db.EnvironmentUserSketchHours.CountAsync(r => r.ProjectId == projectId),
        await db.EnvironmentUserSketchDays.CountAsync(r => r.ProjectId == projectId),
        await db.ProjectEventDays.CountAsync(r => r.ProjectId == projectId),
        await db.ProjectLifecycleDays.CountAsync(r => r.ProjectId == projectId),
        await db.IssueDays.CountAsync(r => r.ProjectId == projectId),
        await db.IssueWeeks.CountAsync(r => r.ProjectId == projectId),
    });
}
