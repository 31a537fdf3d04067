using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using BugSage.Core.Alerts;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Attack16;

/// <summary>The notification settings page keeps what it does not show.</summary>
public sealed class NotificationSettingsPageTests
{
    [Fact]
    public async Task Saving_the_page_keeps_a_muted_project_the_page_did_not_list()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var orgId = await app.DefaultOrganizationAsync();
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 205; i++)
                db.Projects.Add(new BugSage.Core.Projects.Project { OrganizationId = orgId, Slug = $"svc-{i:D3}", Name = $"Service {i:D3}", CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var all = await app.WithDbAsync(db => db.Projects.Where(p => p.OrganizationId == orgId).Select(p => p.Id).ToListAsync());

        var browser = await DashboardSession.SignInAsync(app);
        var html = await browser.Client.GetStringAsync("/settings/notifications");
        var shown = Regex.Matches(html, "name=\"Form.Projects\" value=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value)).ToHashSet();
        var hidden = all.First(id => !shown.Contains(id));
        (await api.PutAsJsonAsync("/api/v1/me/notification-settings", new { mutedProjectIds = new[] { hidden } })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The person ticks nothing new: every listed project and kind stays as it was shown.
        html = await browser.Client.GetStringAsync("/settings/notifications");
        var fields = new List<(string, string)> { ("_handler", "notification-settings"), ("Form.Submitted", "true"), ("Form.Email", "true"), ("Form.WeeklySummary", "true") };
        fields.AddRange(shown.Select(id => ("Form.Projects", id.ToString())));
        fields.AddRange(AlertTriggers.All.Select(t => ("Form.Triggers", t)));
        (await browser.PostFormAsync("/settings/notifications", [.. fields])).StatusCode.ShouldBe(HttpStatusCode.OK);

        var muted = (await api.GetJsonAsync("/api/v1/me/notification-settings"))["mutedProjectIds"]!.AsArray().Select(n => n!.GetValue<long>()).ToList();
        muted.ShouldContain(hidden, "a project the page did not list was unmuted by saving it");
    }
}
