using System.Net;
using BugSage.Server.Reports;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Dashboard;

/// <summary>
/// The organization's Reports page through the dashboard cookie: reached from a project's Reports page, it lists the
/// organization's own reports and schedules and adds, edits and removes organization-wide schedules with targets of any
/// of its projects; a viewer sees them without the controls, and a stranger finds no page.
/// </summary>
public class OrganizationReportsPageTests
{
    private static async Task<string> HtmlAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> FollowAsync(DashboardSession browser, HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Found, await response.Content.ReadAsStringAsync());
        return await HtmlAsync(await browser.Client.GetAsync(response.Headers.Location));
    }

    [Fact]
    public async Task Owners_schedule_organization_reports_from_the_dashboard_and_viewers_only_read_them()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var orgId = await app.DefaultOrganizationAsync();
        var projectName = await app.WithDbAsync(db => db.Projects.Where(p => p.Id == projectId).Select(p => p.Name).SingleAsync());
        var hook = (await (await api.PostJsonAsync($"/api/v1/projects/{projectId}/integrations", new { kind = "webhook", name = "Leads hook", url = "https://hooks.example/in" })).ReadJsonAsync())["id"].Long();
        var orgReport = await (await api.PostJsonAsync("/api/v1/reports", new { kind = "weekly", scope = new { organizationId = orgId }, format = "html" })).ReadJsonAsync();
        var projectReport = await (await api.PostJsonAsync("/api/v1/reports", new { kind = "weekly", scope = new { projectId }, format = "csv" })).ReadJsonAsync();
        await app.Services.GetRequiredService<ReportWorker>().RunQueuedAsync(CancellationToken.None);
        var browser = await DashboardSession.SignInAsync(app);
        var page = $"/organizations/{orgId}/reports?project={projectId}";

        var projectPage = await HtmlAsync(await browser.Client.GetAsync($"/projects/{projectId}/reports"));
        projectPage.ShouldContain($"href=\"{page}\"", customMessage: "the project's Reports tab leads to the organization's");

        var html = await HtmlAsync(await browser.Client.GetAsync(page));
        html.ShouldContain("(organization)");
        html.ShouldContain($"href=\"/projects/{projectId}/reports\"", customMessage: "a tab leads back to the project");
        html.ShouldContain("No organization schedules");
        html.ShouldContain($"data-report=\"{orgReport["id"].Long()}\"");
        html.ShouldNotContain($"data-report=\"{projectReport["id"].Long()}\"", customMessage: "project reports stay on the project's page");
        html.ShouldContain($"Leads hook (webhook, {projectName})");

        (string, string)[] form =
        [
            ("_handler", "schedule"), ("Form.Name", "Org digest"), ("Form.Kind", "weekly"), ("Form.Format", "html"), ("Form.Cron", "0 9 * * 1"),
            ("Form.TimeZone", "UTC"), ("Form.Targets", hook.ToString()), ("Form.Enabled", "true"),
        ];
        var refused = await HtmlAsync(await browser.PostFormAsync(page, [.. form.Select(f => f.Item1 == "Form.Cron" ? (f.Item1, "not cron") : f)]));
        refused.ShouldContain("cron");
        refused.ShouldContain("value=\"Org digest\"", customMessage: "what was typed is kept");
        (await app.WithDbAsync(db => db.ReportSchedules.CountAsync())).ShouldBe(0);

        var saved = await FollowAsync(browser, await browser.PostFormAsync(page, form));
        saved.ShouldContain("The schedule Org digest was saved.");
        var schedule = await app.WithDbAsync(db => db.ReportSchedules.SingleAsync());
        (schedule.OrganizationId, schedule.ProjectId, schedule.Format, schedule.IntegrationIds).ShouldBe((orgId, (long?)null, "html", hook.ToString()));
        saved.ShouldContain($"data-schedule=\"{schedule.Id}\"");
        projectPage = await HtmlAsync(await browser.Client.GetAsync($"/projects/{projectId}/reports"));
        projectPage.ShouldContain($"href=\"/organizations/{orgId}/reports?project={projectId}&edit={schedule.Id}#schedule-form\"",
            customMessage: "the project page lists the organization's schedule and edits it where it lives");

        var edit = await HtmlAsync(await browser.Client.GetAsync($"{page}&edit={schedule.Id}"));
        edit.ShouldContain("Edit Org digest");
        await FollowAsync(browser, await browser.PostFormAsync(page, [.. form.Select(f => f.Item1 == "Form.Cron" ? (f.Item1, "30 7 1 * *") : f), ("Form.Id", schedule.Id.ToString())]));
        (await app.WithDbAsync(db => db.ReportSchedules.SingleAsync())).Cron.ShouldBe("30 7 1 * *");

        // A viewer reads the organization's schedules and reports, without the controls; a form sent anyway changes nothing.
        await app.MemberOfDefaultAsync("viewer@example.com", "viewer");
        var viewer = await DashboardSession.SignInAsync(app, "viewer@example.com", "member-password-123");
        var viewed = await HtmlAsync(await viewer.Client.GetAsync(page));
        viewed.ShouldContain($"data-schedule=\"{schedule.Id}\"");
        viewed.ShouldContain($"data-report=\"{orgReport["id"].Long()}\"");
        viewed.ShouldNotContain("id=\"schedule-form\"");
        viewed.ShouldNotContain($"Remove Org digest");
        (await viewer.PostFormAsync(page, form)).StatusCode.ShouldNotBe(HttpStatusCode.Found);
        (await viewer.PostFormAsync(page, ("_handler", $"delete-schedule-{schedule.Id}"))).StatusCode.ShouldNotBe(HttpStatusCode.Found);
        (await app.WithDbAsync(db => db.ReportSchedules.CountAsync())).ShouldBe(1);

        var removed = await HtmlAsync(await browser.PostFormAsync(page, ("_handler", $"delete-schedule-{schedule.Id}")));
        removed.ShouldContain("The schedule was removed");
        (await app.WithDbAsync(db => db.ReportSchedules.CountAsync())).ShouldBe(0);

        await app.NewTenantAsync("stranger@example.com");
        var stranger = await DashboardSession.SignInAsync(app, "stranger@example.com", "tenant-password-123");
        (await stranger.Client.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
