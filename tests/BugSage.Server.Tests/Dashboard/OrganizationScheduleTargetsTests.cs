using System.Net;
using System.Text.RegularExpressions;
using BugSage.Core.Projects;
using BugSage.Server.Dashboard.Reports;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Dashboard;

/// <summary>
/// The organization Reports page offers targets from its first projects by name; a schedule's target in a project past
/// them is offered as well when the schedule is edited, so saving the form as shown keeps it.
/// </summary>
public class OrganizationScheduleTargetsTests
{
    [Fact]
    public async Task Editing_an_organization_schedule_keeps_a_target_of_a_project_past_the_listed_ones()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var orgId = await app.DefaultOrganizationAsync();
        // As many projects again as the page lists, named so that "zz-last" sorts after all of them.
        var lastId = await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < OrganizationReportsPage.ListedProjects; i++) db.Projects.Add(new Project { OrganizationId = orgId, Slug = $"a{i:00}", Name = $"a{i:00}" });
            var last = new Project { OrganizationId = orgId, Slug = "zz-last", Name = "zz-last" };
            db.Projects.Add(last);
            await db.SaveChangesAsync();
            return last.Id;
        });
        var firstHook = (await (await api.PostJsonAsync($"/api/v1/projects/{projectId}/integrations", new { kind = "webhook", name = "First hook", url = "https://hooks.example/a" })).ReadJsonAsync())["id"].Long();
        var lastHook = (await (await api.PostJsonAsync($"/api/v1/projects/{lastId}/integrations", new { kind = "webhook", name = "Last hook", url = "https://hooks.example/z" })).ReadJsonAsync())["id"].Long();
        var created = await api.PostJsonAsync("/api/v1/report-schedules",
            new { name = "Org digest", kind = "weekly", scope = new { organizationId = orgId }, format = "html", cron = "0 9 * * 1", timeZone = "UTC", targets = new[] { firstHook, lastHook } });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var scheduleId = (await created.ReadJsonAsync())["id"].Long();

        var browser = await DashboardSession.SignInAsync(app);
        var page = $"/organizations/{orgId}/reports";
        var edit = WebUtility.HtmlDecode(await (await browser.Client.GetAsync($"{page}?edit={scheduleId}")).Content.ReadAsStringAsync());
        var offered = Regex.Matches(edit, "name=\"Form.Targets\" value=\"(\\d+)\"( checked)?").Select(m => (Id: long.Parse(m.Groups[1].Value), Checked: m.Groups[2].Success)).ToList();
        offered.ShouldContain((lastHook, true));
        edit.ShouldContain("Last hook");

        // What a browser sends for the form as shown when the person only changes the cron.
        (string, string)[] form =
        [
            ("_handler", "schedule"), ("Form.Id", scheduleId.ToString()), ("Form.Name", "Org digest"), ("Form.Kind", "weekly"), ("Form.Format", "html"),
            ("Form.Cron", "30 7 * * 1"), ("Form.TimeZone", "UTC"), ("Form.Enabled", "true"),
            .. offered.Where(t => t.Checked).Select(t => ("Form.Targets", t.Id.ToString())),
        ];
        (await browser.PostFormAsync(page, form)).StatusCode.ShouldBe(HttpStatusCode.Found);
        var after = await app.WithDbAsync(db => db.ReportSchedules.Where(s => s.Id == scheduleId).Select(s => new { s.Cron, s.IntegrationIds }).SingleAsync());
        after.Cron.ShouldBe("30 7 * * 1");
        after.IntegrationIds.Split(',').Select(long.Parse).ShouldBe([firstHook, lastHook], ignoreOrder: true);
    }
}
