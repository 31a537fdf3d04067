using System.Net;
using BugSage.Server.Reports;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Dashboard;

/// <summary>The Reports page through the dashboard cookie: past reports with their downloads, schedules added, refused, edited and removed.</summary>
public class ReportsPageTests
{
    private static async Task<string> HtmlAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>A saved form answers with a redirect back to the page, as a browser would follow it.</summary>
    private static async Task<string> FollowAsync(DashboardSession browser, HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Found, await response.Content.ReadAsStringAsync());
        return await HtmlAsync(await browser.Client.GetAsync(response.Headers.Location));
    }

    [Fact]
    public async Task The_reports_page_lists_past_reports_and_manages_schedules_with_the_operations_checks()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var hook = (await (await api.PostJsonAsync($"/api/v1/projects/{projectId}/integrations", new { kind = "webhook", name = "Leads hook", url = "https://hooks.example/in" })).ReadJsonAsync())["id"].Long();
        var report = await (await api.PostJsonAsync("/api/v1/reports", new { kind = "weekly", scope = new { projectId }, format = "csv" })).ReadJsonAsync();
        await app.Services.GetRequiredService<ReportWorker>().RunQueuedAsync(CancellationToken.None);
        var browser = await DashboardSession.SignInAsync(app);
        var page = $"/projects/{projectId}/reports";

        var html = await HtmlAsync(await browser.Client.GetAsync(page));
        html.ShouldContain($"href=\"{page}\"", customMessage: "the project's navigation links the Reports page");
        html.ShouldContain("No report schedules");
        html.ShouldContain($"data-report=\"{report["id"].Long()}\"");
        html.ShouldContain($"href=\"/api/v1/reports/{report["id"].Long()}/download\"");
        html.ShouldContain("badge-done");
        html.ShouldContain("Leads hook (webhook)");

        (string, string)[] form =
        [
            ("_handler", "schedule"), ("Form.Name", "Monday digest"), ("Form.Kind", "weekly"), ("Form.Format", "pdf"), ("Form.Cron", "0 9 * * 1"),
            ("Form.TimeZone", "Europe/Nowhere"), ("Form.Targets", hook.ToString()), ("Form.Enabled", "true"),
        ];
        var refused = await HtmlAsync(await browser.PostFormAsync(page, form));
        refused.ShouldContain("timeZone: Unknown time zone");
        refused.ShouldContain("value=\"Monday digest\"", customMessage: "what was typed is kept");
        (await app.WithDbAsync(db => db.ReportSchedules.CountAsync())).ShouldBe(0);

        var saved = await FollowAsync(browser, await browser.PostFormAsync(page, [.. form.Select(f => f.Item1 == "Form.TimeZone" ? (f.Item1, "Europe/Berlin") : f)]));
        saved.ShouldContain("The schedule Monday digest was saved.");
        var schedule = await app.WithDbAsync(db => db.ReportSchedules.SingleAsync());
        (schedule.Name, schedule.Format, schedule.TimeZone, schedule.IntegrationIds, schedule.ProjectId).ShouldBe(("Monday digest", "pdf", "Europe/Berlin", hook.ToString(), (long?)projectId));
        saved.ShouldContain($"data-schedule=\"{schedule.Id}\"");
        saved.ShouldContain("Europe/Berlin");

        var edit = await HtmlAsync(await browser.Client.GetAsync($"{page}?edit={schedule.Id}"));
        edit.ShouldContain("Edit Monday digest");
        await FollowAsync(browser, await browser.PostFormAsync(page, [.. form.Select(f => f.Item1 switch
        {
            "Form.TimeZone" => (f.Item1, "UTC"), "Form.Cron" => (f.Item1, "30 7 1 * *"), "Form.Kind" => (f.Item1, "monthly"), _ => f,
        }), ("Form.Id", schedule.Id.ToString())]));
        schedule = await app.WithDbAsync(db => db.ReportSchedules.SingleAsync());
        (schedule.Kind, schedule.Cron, schedule.TimeZone).ShouldBe(("monthly", "30 7 1 * *", "UTC"));

        var removed = await HtmlAsync(await browser.PostFormAsync(page, ("_handler", $"delete-schedule-{schedule.Id}")));
        removed.ShouldContain("The schedule was removed");
        (await app.WithDbAsync(db => db.ReportSchedules.CountAsync())).ShouldBe(0);

        // Another tenant's member sees no such page.
        await app.NewTenantAsync("stranger@example.com");
        var stranger = await DashboardSession.SignInAsync(app, "stranger@example.com", "tenant-password-123");
        (await stranger.Client.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
