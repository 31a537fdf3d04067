using System.Net;
using BugSage.Core.Analytics;
using BugSage.Core.Data;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Analytics;

/// <summary>
/// Every writer of a project's hour also changes its one project-hour row. Taken while the writer still needs other rows,
/// that row would let a digest and a person triaging (or two digests) each hold what the other waits for; on PostgreSQL it
/// is written at commit instead (<see cref="DayRollupSql.ProjectIssueHours"/>).
/// </summary>
public class RollupContentionTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory, PostgresData]
    public async Task A_digest_counting_a_new_issue_and_a_person_resolving_another_in_that_hour_both_commit(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("loadUser", 1, Start, release: null);
        var issueId = await app.WithDbAsync(db => db.Issues.Where(i => i.ProjectId == projectId).Select(i => i.Id).SingleAsync());

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // The digest's order: the issue row first (its counters), the rollups later in the same transaction.
        await using var tx = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"UPDATE issues SET count = count + 1 WHERE id = {issueId}");
        // A person resolves the issue: triage counts the resolution in this hour, then waits for the issue row.
        var resolve = Task.Run(() => api.PatchJsonAsync($"/api/v1/issues/{issueId}", new { status = "resolved" }));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!resolve.IsCompleted && await app.WithDbAsync(d => d.Database
                   .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
                   .SingleAsync()) == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("triage never waited for the issue row");
            await Task.Delay(20);
        }
        // The digest now counts a new issue of another release in the same hour: the project hour is the one row both change.
        var changes = new RollupChanges();
        changes.AddNewIssue(projectId, Start.UtcDateTime, "app@2.0.0");
        await changes.WriteAsync(db, app.Services.GetRequiredService<RollupDimensions>(), CancellationToken.None);
        await tx.CommitAsync();
        (await resolve.WaitAsync(TimeSpan.FromSeconds(30))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var hour = await app.WithDbAsync(d => d.ProjectIssueHours.Where(h => h.ProjectId == projectId && h.Hour == Start.UtcDateTime).SingleAsync());
        (hour.NewIssues, hour.Resolved).ShouldBe((2L, 1L), "both writers' counts, each once");
    }

    /// <summary>
    /// The project hours are written at commit, one at a time; the days they sum must wait until every hour is written, or
    /// two writers of different hours of one day would lock hour, day, hour and could each hold what the other waits for.
    /// </summary>
    [Theory, PostgresData]
    public async Task Project_days_are_written_after_the_project_hours_at_commit(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider, clock: new ManualClock(Start));
        var (projectId, _) = await app.DefaultKeyAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync();
        // What the deferred project-hour triggers do at commit.
        await db.Database.ExecuteSqlAsync($"INSERT INTO analytics_project_event_hours (project_id, hour, events, errors) VALUES ({projectId}, {Start.UtcDateTime}, 2, 1)");
        await db.Database.ExecuteSqlAsync($"INSERT INTO analytics_project_issue_hours (project_id, hour, new_issues, regressions, resolved) VALUES ({projectId}, {Start.UtcDateTime}, 1, 0, 0)");
        (await db.ProjectEventDays.CountAsync(d => d.ProjectId == projectId)).ShouldBe(0, "the event day waits for commit");
        (await db.ProjectLifecycleDays.CountAsync(d => d.ProjectId == projectId)).ShouldBe(0, "the lifecycle day waits for commit");
        await tx.CommitAsync();
        (await app.WithDbAsync(d => d.ProjectEventDays.Where(x => x.ProjectId == projectId).Select(x => x.Events).SingleAsync())).ShouldBe(2);
        (await app.WithDbAsync(d => d.ProjectLifecycleDays.Where(x => x.ProjectId == projectId).Select(x => x.NewIssues).SingleAsync())).ShouldBe(1);
    }
}
