using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BugSage.Core.Reports;
using BugSage.Server.Reports;
using BugSage.Server.Reports.Schedules;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace BugSage.Server.Tests.Reports;

/// <summary>
/// Report schedules through HTTP and their worker driven by hand: a bad cron or time zone refused when saved, a firing
/// written once whichever worker instances see it due, the report sent to a recorded Slack webhook and by mail with the
/// file attached, a failing target retried and its error shown on the schedule.
/// </summary>
public class ReportScheduleTests
{
    /// <summary>A Wednesday; the Monday 09:00 UTC schedule first fires five days later.</summary>
    private static readonly DateTimeOffset Start = new(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTime FirstDue = new(2026, 6, 15, 9, 0, 0, DateTimeKind.Utc);

    private static Dictionary<string, string?> Smtp(SmtpSink sink) => new()
    {
        ["BugSage:Smtp:Host"] = "127.0.0.1", ["BugSage:Smtp:Port"] = sink.Port.ToString(), ["BugSage:Smtp:From"] = "reports@bugsage.test",
    };

    private static async Task<long> TargetAsync(HttpClient api, long projectId, object body)
    {
        var created = await api.PostJsonAsync($"/api/v1/projects/{projectId}/integrations", body);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.ReadJsonAsync())["id"].Long();
    }

    private static async Task<JsonNode> ScheduleAsync(HttpClient api, long projectId, long[] targets, string format = "csv")
    {
        var created = await api.PostJsonAsync("/api/v1/report-schedules",
            new { name = "Monday digest", kind = "weekly", scope = new { projectId }, format, cron = "0 9 * * 1", timeZone = "UTC", targets });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return await created.ReadJsonAsync();
    }

    /// <summary>Fires what is due, writes the reports and delivers them, as the worker's rounds and the report worker would.</summary>
    private static async Task RoundAsync(BugSageFactory app)
    {
        var worker = app.Services.GetRequiredService<ReportScheduleWorker>();
        await worker.FireDueAsync(CancellationToken.None);
        await app.Services.GetRequiredService<ReportWorker>().RunQueuedAsync(CancellationToken.None);
        await worker.DeliverDueAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_bad_cron_expression_time_zone_kind_or_target_is_refused_with_a_problem_detail_naming_the_field()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: new ManualClock(Start));
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var hook = await TargetAsync(api, projectId, new { kind = "webhook", name = "hook", url = "https://hooks.example/in" });
        var (_, _, otherProject) = await app.NewTenantAsync("other@example.com");
        var otherHook = await app.WithDbAsync(async db =>
        {
            var integration = new BugSage.Core.Alerts.AlertIntegration
            {
                ProjectId = otherProject, OrganizationId = await db.Projects.Where(p => p.Id == otherProject).Select(p => p.OrganizationId).SingleAsync(),
                Kind = "webhook", Name = "theirs", CreatedAt = DateTime.UtcNow,
            };
            db.Add(integration);
            await db.SaveChangesAsync();
            return integration.Id;
        });

        async Task Refused(object body, string field)
        {
            var answer = await api.PostJsonAsync("/api/v1/report-schedules", body);
            answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await answer.Content.ReadAsStringAsync());
            answer.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await answer.ReadJsonAsync())["errors"]![field].ShouldNotBeNull(field);
        }
        var scope = new { projectId };
        await Refused(new { name = "x", kind = "weekly", scope, format = "csv", cron = "0 9 * *", timeZone = "UTC", targets = new[] { hook } }, "cron");
        await Refused(new { name = "x", kind = "weekly", scope, format = "csv", cron = "* * * * *", timeZone = "UTC", targets = new[] { hook } }, "cron");
        await Refused(new { name = "x", kind = "weekly", scope, format = "csv", cron = "0 9 * * 1", timeZone = "Europe/Atlantis", targets = new[] { hook } }, "timeZone");
        await Refused(new { name = "x", kind = "custom", scope, format = "csv", cron = "0 9 * * 1", timeZone = "UTC", targets = new[] { hook } }, "kind");
        await Refused(new { name = "x", kind = "weekly", scope, format = "csv", cron = "0 9 * * 1", timeZone = "UTC", targets = new[] { otherHook } }, "targets");
        await Refused(new { name = "x", kind = "weekly", scope, format = "csv", cron = new string('1', 101), timeZone = "UTC", targets = new[] { hook } }, "Cron");
        await Refused(new { name = "x", kind = "weekly", scope, format = "csv", cron = "0 9 * * 1", timeZone = "UTC", targets = Enumerable.Range(1, 21).ToArray() }, "Targets");
        (await app.WithDbAsync(db => db.ReportSchedules.CountAsync())).ShouldBe(0);

        var saved = await ScheduleAsync(api, projectId, [hook]);
        saved["nextDueAt"]!.GetValue<DateTime>().ShouldBe(FirstDue);
        var id = saved["id"].Long();
        (await api.PatchJsonAsync($"/api/v1/report-schedules/{id}", new { timeZone = "Nowhere/Else" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var moved = await (await api.PatchJsonAsync($"/api/v1/report-schedules/{id}", new { timeZone = "America/New_York", format = "pdf" })).ReadJsonAsync();
        moved["nextDueAt"]!.GetValue<DateTime>().ShouldBe(FirstDue.AddHours(4), "09:00 in New York in June is 13:00 UTC");
        moved["format"].Str().ShouldBe("pdf");
        var paused = await (await api.PatchJsonAsync($"/api/v1/report-schedules/{id}", new { enabled = false })).ReadJsonAsync();
        paused["nextDueAt"].ShouldBeNull();
        (await api.DeleteAsync($"/api/v1/report-schedules/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.GetAsync($"/api/v1/report-schedules/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_firing_writes_one_report_whichever_worker_instances_see_it_due_and_however_often(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var hook = await TargetAsync(api, projectId, new { kind = "webhook", name = "hook", url = "https://hooks.example/in" });
        var scheduleId = (await ScheduleAsync(api, projectId, [hook]))["id"].Long();
        // Two workers on the one database, as two nodes (or a node and its restart) would be.
        var workers = new[] { app.Services.GetRequiredService<ReportScheduleWorker>(), ActivatorUtilities.CreateInstance<ReportScheduleWorker>(app.Services) };
        async Task<int> BothAsync() => (await Task.WhenAll(workers.Select(w => w.FireDueAsync(CancellationToken.None)))).Sum();

        (await BothAsync()).ShouldBe(0, "nothing is due before Monday 09:00");
        clock.Advance(FirstDue - Start.UtcDateTime + TimeSpan.FromSeconds(30));
        (await BothAsync()).ShouldBe(1);
        (await BothAsync()).ShouldBe(0);
        // A node that read the schedule before the firing was written (its next due time still the one just fired) writes nothing.
        await app.WithDbAsync(db => db.ReportSchedules.Where(s => s.Id == scheduleId).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextDueAt, FirstDue)));
        (await BothAsync()).ShouldBe(0, "the (schedule, due time) key let a firing through twice");
        var runs = await app.WithDbAsync(db => db.ReportScheduleRuns.Where(r => r.ScheduleId == scheduleId).ToListAsync());
        runs.Select(r => r.DueAt).ShouldBe([FirstDue]);
        var job = await app.WithDbAsync(db => db.ReportJobs.SingleAsync());
        (job.Kind, job.PeriodFrom, job.PeriodTo).ShouldBe(("weekly", new DateTime(2026, 6, 8, 0, 0, 0, DateTimeKind.Utc), FirstDue.Date));

        // A week later the next firing, once; a fortnight of downtime after it makes one report, not two.
        await app.WithDbAsync(db => db.ReportSchedules.Where(s => s.Id == scheduleId).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextDueAt, FirstDue.AddDays(7))));
        clock.Advance(TimeSpan.FromDays(7));
        (await BothAsync()).ShouldBe(1);
        clock.Advance(TimeSpan.FromDays(14));
        (await BothAsync()).ShouldBe(1);
        (await BothAsync()).ShouldBe(0);
        (await app.WithDbAsync(db => db.ReportScheduleRuns.CountAsync())).ShouldBe(3);
        api = await app.SignedInClientAsync();
        (await app.WithDbAsync(db => db.ReportJobs.CountAsync())).ShouldBe(3);
        (await api.GetJsonAsync($"/api/v1/report-schedules/{scheduleId}"))["nextDueAt"]!.GetValue<DateTime>().ShouldBe(FirstDue.AddDays(28));
    }

    [Fact]
    public async Task An_organization_schedule_covers_the_projects_there_are_when_it_fires_in_its_zone_s_week()
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var orgId = await app.DefaultOrganizationAsync();
        var hook = await TargetAsync(api, projectId, new { kind = "webhook", name = "hook", url = "https://hooks.example/in" });
        var saved = await api.PostJsonAsync("/api/v1/report-schedules",
            new { name = "Tokyo Monday", kind = "weekly", scope = new { organizationId = orgId }, format = "csv", cron = "0 8 * * 1", timeZone = "Asia/Tokyo", targets = new[] { hook } });
        saved.StatusCode.ShouldBe(HttpStatusCode.Created, await saved.Content.ReadAsStringAsync());
        var created = await api.PostJsonAsync("/api/v1/projects", new { name = "later", platform = "node", organizationId = orgId });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var later = (await created.ReadJsonAsync())["id"].Long();

        // Monday 15 June 08:00 in Tokyo is Sunday 14 June 23:00 UTC.
        clock.Advance(new DateTime(2026, 6, 14, 23, 0, 30, DateTimeKind.Utc) - Start.UtcDateTime);
        (await app.Services.GetRequiredService<ReportScheduleWorker>().FireDueAsync(CancellationToken.None)).ShouldBe(1);
        var job = await app.WithDbAsync(db => db.ReportJobs.SingleAsync());
        job.ProjectIds.ShouldBe($"{projectId},{later}", "a project made after the schedule is in its report");
        (job.PeriodFrom, job.PeriodTo).ShouldBe((new DateTime(2026, 6, 7, 15, 0, 0, DateTimeKind.Utc), new DateTime(2026, 6, 14, 15, 0, 0, DateTimeKind.Utc)),
            "the Tokyo week that just ended, not the UTC week before it");
    }

    [Fact]
    public async Task A_finished_report_goes_to_slack_with_a_summary_and_link_and_by_mail_with_the_file_attached()
    {
        await using var sink = new SmtpSink();
        await using var slack = await WebhookReceiver.StartAsync();
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync("sqlite", Smtp(sink), clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("loadUser", 3, Start.AddDays(1));
        await app.DigestAsync();
        var slackTarget = await TargetAsync(api, projectId, new { kind = "slack", name = "team", url = slack.Url("slack") });
        var mailTarget = await TargetAsync(api, projectId, new { kind = "email", name = "leads", recipients = new[] { "lead@example.com" } });
        var scheduleId = (await ScheduleAsync(api, projectId, [slackTarget, mailTarget]))["id"].Long();

        clock.Advance(FirstDue - Start.UtcDateTime + TimeSpan.FromMinutes(1));
        await RoundAsync(app);
        // Sign in again: the access token's lifetime runs on the server's clock, moved by days.
        api = await app.SignedInClientAsync();

        var schedule = await api.GetJsonAsync($"/api/v1/report-schedules/{scheduleId}");
        schedule["lastStatus"].Str().ShouldBe("delivered", schedule.ToJsonString());
        schedule["lastError"].ShouldBeNull();
        var reportId = schedule["lastReportId"].Long();
        var report = await api.GetJsonAsync($"/api/v1/reports/{reportId}");
        var posted = slack.Requests.ShouldHaveSingleItem();
        posted.Path.ShouldBe("/slack");
        var message = JsonNode.Parse(posted.Body)!;
        message["text"].Str().ShouldContain("Report ready: Monday digest (weekly report of");
        posted.Body.ShouldContain("3 events");
        posted.Body.ShouldContain("1 new issues");
        posted.Body.ShouldContain($"/api/v1/reports/{reportId}/download");

        var (to, data) = sink.Messages.ShouldHaveSingleItem();
        to.ShouldBe("lead@example.com");
        var mail = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(data)));
        mail.Subject!.ShouldContain("Monday digest");
        var attachment = mail.Attachments.OfType<MimePart>().ShouldHaveSingleItem();
        attachment.FileName.ShouldBe(report["fileName"].Str());
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        var downloaded = await (await api.GetAsync($"/api/v1/reports/{reportId}/download")).Content.ReadAsByteArrayAsync();
        content.ToArray().ShouldBe(downloaded, "the attachment is the report's file");

        var runs = await api.GetJsonAsync($"/api/v1/report-schedules/{scheduleId}/runs");
        runs.AsArray().ShouldHaveSingleItem()!["status"].Str().ShouldBe("delivered");
        await RoundAsync(app);
        slack.Requests.Count.ShouldBe(1, "a delivered run was sent again");
        sink.Messages.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_failing_target_is_retried_alone_its_error_shown_on_the_schedule_until_it_succeeds_or_the_run_gives_up()
    {
        await using var good = await WebhookReceiver.StartAsync();
        await using var flaky = await WebhookReceiver.StartAsync();
        flaky.Then(500).Then(503).Then(200);
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var goodTarget = await TargetAsync(api, projectId, new { kind = "discord", name = "chat", url = good.Url("discord") });
        var flakyTarget = await TargetAsync(api, projectId, new { kind = "webhook", name = "flaky", url = flaky.Url("hook") });
        var scheduleId = (await ScheduleAsync(api, projectId, [goodTarget, flakyTarget]))["id"].Long();
        clock.Advance(FirstDue - Start.UtcDateTime + TimeSpan.FromMinutes(1));

        await RoundAsync(app);
        api = await app.SignedInClientAsync();
        var schedule = await api.GetJsonAsync($"/api/v1/report-schedules/{scheduleId}");
        schedule["lastStatus"].Str().ShouldBe("retrying");
        schedule["lastError"].Str().ShouldContain("flaky: answered 500");
        var run = (await api.GetJsonAsync($"/api/v1/report-schedules/{scheduleId}/runs")).AsArray().ShouldHaveSingleItem()!;
        run["pendingTargets"]!.AsArray().Select(t => t.Long()).ShouldBe([flakyTarget]);
        good.Requests.Count.ShouldBe(1);

        await RoundAsync(app);
        flaky.Requests.Count.ShouldBe(1, "a retry went out before its time");
        for (var attempt = 2; attempt <= 3; attempt++)
        {
            clock.Advance(TimeSpan.FromHours(1));
            await RoundAsync(app);
            flaky.Requests.Count.ShouldBe(attempt);
        }
        api = await app.SignedInClientAsync();
        schedule = await api.GetJsonAsync($"/api/v1/report-schedules/{scheduleId}");
        schedule["lastStatus"].Str().ShouldBe("delivered");
        schedule["lastError"].ShouldBeNull();
        good.Requests.Count.ShouldBe(1, "the target that had its report was sent it again");
        flaky.Requests.Select(r => r.Headers["webhook-id"]).Distinct().ShouldHaveSingleItem().ShouldBe($"msg_report_{run["id"].Long()}_{flakyTarget}");

        // A target that never answers well: the run gives up after its attempts, says why, and the worker goes on.
        flaky.Then(500);
        await app.WithDbAsync(db => db.ReportSchedules.Where(s => s.Id == scheduleId).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextDueAt, clock.GetUtcNow().UtcDateTime)));
        for (var round = 0; round < ReportScheduleWorker.MaxDeliveryAttempts + 2; round++)
        {
            await RoundAsync(app);
            clock.Advance(TimeSpan.FromHours(1));
        }
        api = await app.SignedInClientAsync();
        schedule = await api.GetJsonAsync($"/api/v1/report-schedules/{scheduleId}");
        schedule["lastStatus"].Str().ShouldBe("failed");
        schedule["lastError"].Str().ShouldContain("answered 500");
        var runs = await app.WithDbAsync(db => db.ReportScheduleRuns.OrderBy(r => r.Id).ToListAsync());
        runs.Count.ShouldBeGreaterThanOrEqualTo(2);
        runs[1].Status.ShouldBe(ReportScheduleRunStatus.Failed);
        runs[1].Attempts.ShouldBe(ReportScheduleWorker.MaxDeliveryAttempts);
    }
}
