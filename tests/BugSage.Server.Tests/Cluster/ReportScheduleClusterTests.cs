using BugSage.Server.Reports.Schedules;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Cluster;

/// <summary>A report schedule on two nodes of one PostgreSQL: its round runs on the lease holder, and even without the lease a firing is written once.</summary>
public class ReportScheduleClusterTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTime FirstDue = new(2026, 6, 15, 9, 0, 0, DateTimeKind.Utc);

    [ClusterFact]
    public async Task A_due_schedule_fires_once_across_two_nodes()
    {
        var clock = new ManualClock(Start);
        await using var cluster = await ClusterNodes.StartAsync(new() { ["BugSage:Cluster:JobLeaseSeconds"] = "60" }, clock);
        var api = await cluster.A.SignedInClientAsync();
        var (projectId, _) = await cluster.A.DefaultKeyAsync();
        var hook = (await (await api.PostJsonAsync($"/api/v1/projects/{projectId}/integrations", new { kind = "webhook", name = "hook", url = "https://hooks.example/in" })).ReadJsonAsync())["id"].Long();
        var scheduleId = (await (await api.PostJsonAsync("/api/v1/report-schedules",
            new { name = "Monday digest", kind = "weekly", scope = new { projectId }, format = "csv", cron = "0 9 * * 1", timeZone = "UTC", targets = new[] { hook } })).ReadJsonAsync())["id"].Long();
        var (a, b) = (cluster.A.Services.GetRequiredService<ReportScheduleWorker>(), cluster.B.Services.GetRequiredService<ReportScheduleWorker>());
        clock.Advance(FirstDue - Start.UtcDateTime + TimeSpan.FromSeconds(30));

        // The periodic round runs on the node that holds the job's lease, and only there.
        (await a.RunRoundIfLeadingAsync(CancellationToken.None)).ShouldBeTrue();
        (await b.RunRoundIfLeadingAsync(CancellationToken.None)).ShouldBeFalse();
        (await cluster.A.WithDbAsync(db => db.ReportScheduleRuns.CountAsync(r => r.ScheduleId == scheduleId))).ShouldBe(1);

        // Without the lease (a node that read the schedule before the firing was written), both nodes at once still write nothing more.
        await cluster.A.WithDbAsync(db => db.ReportSchedules.Where(s => s.Id == scheduleId).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextDueAt, FirstDue)));
        (await Task.WhenAll(a.FireDueAsync(CancellationToken.None), b.FireDueAsync(CancellationToken.None))).Sum().ShouldBe(0);
        var runs = await cluster.B.WithDbAsync(db => db.ReportScheduleRuns.Where(r => r.ScheduleId == scheduleId).ToListAsync());
        runs.Select(r => r.DueAt).ShouldBe([FirstDue]);
        (await cluster.B.WithDbAsync(db => db.ReportJobs.CountAsync())).ShouldBe(1);
    }
}
