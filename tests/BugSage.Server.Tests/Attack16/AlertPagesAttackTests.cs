using System.Net;
using BugSage.Server.Tests.Alerts;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Attack16;

/// <summary>The alert pages' form posts: without the form token, or naming another tenant's rule, nothing changes.</summary>
public sealed class AlertPagesAttackTests
{
    [Fact]
    public async Task Rule_and_integration_buttons_need_the_form_token_and_the_tenants_own_ids()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        var ruleId = (await AlertSetup.RuleToAsync(api, projectId, integrationId, "new_issue"))["id"].Long();

        var browser = await DashboardSession.SignInAsync(app);
        // No form token: a cross-site post.
        var forged = await browser.Client.PostAsync($"/dashboard/projects/{projectId}/alert-rules/{ruleId}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "delete" }));
        ((int)forged.StatusCode).ShouldBeInRange(400, 499);
        var forgedIntegration = await browser.Client.PostAsync($"/dashboard/projects/{projectId}/integrations/{integrationId}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "remove" }));
        ((int)forgedIntegration.StatusCode).ShouldBeInRange(400, 499);

        // Another tenant, with its own valid token, naming this tenant's rule under its own project and under ours.
        var (_, _, otherProject) = await app.NewTenantAsync("mallory@example.com");
        var mallory = await DashboardSession.SignInAsync(app, "mallory@example.com", "tenant-password-123");
        foreach (var url in new[] { $"/dashboard/projects/{otherProject}/alert-rules/{ruleId}", $"/dashboard/projects/{projectId}/alert-rules/{ruleId}" })
        {
            var response = await mallory.PostFormAsync(url, ("action", "delete"));
            ((int)response.StatusCode).ShouldBeLessThan(500);
        }
        foreach (var url in new[] { $"/dashboard/projects/{otherProject}/integrations/{integrationId}", $"/dashboard/projects/{projectId}/integrations/{integrationId}" })
        {
            (await mallory.PostFormAsync(url, ("action", "remove"))).StatusCode.ShouldNotBe(HttpStatusCode.InternalServerError);
            (await mallory.PostFormAsync(url, ("action", "test"))).StatusCode.ShouldNotBe(HttpStatusCode.InternalServerError);
        }
        (await app.WithDbAsync(db => db.AlertRules.AnyAsync(r => r.Id == ruleId))).ShouldBeTrue();
        (await app.WithDbAsync(db => db.AlertIntegrations.AnyAsync(i => i.Id == integrationId))).ShouldBeTrue();
        (await app.WithDbAsync(db => db.AlertDeliveries.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task Hostile_rule_form_values_are_answered_on_the_page_not_a_500()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, _) = await app.DefaultKeyAsync();
        var browser = await DashboardSession.SignInAsync(app);
        var page = await browser.Client.GetStringAsync($"/projects/{projectId}/alerts/rules/new");
        var token = DashboardSession.FormToken(page);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("_handler", "rule"), new("__RequestVerificationToken", token),
            new("Form.Name", new string('n', 5000)), new("Form.Trigger", "new_issue"),
            new("Form.DigestMinutes", "99999999999999999999"), new("Form.MinIssueAgeMinutes", "-2147483648"), new("Form.MaxIssueAgeMinutes", "2147483647"),
            new("Form.Tags", string.Join('\n', Enumerable.Range(0, 500).Select(i => $"k{i}=v"))), new("Form.Platforms", new string('p', 100000)),
            new("Form.Targets", "999999999"), new("Form.Targets", "members"), new("Form.IssueIntervalMinutes", "1e9"), new("Form.MaxFiringsPerHour", "٣"),
            new("Form.CulpritPattern", "(a+)+$" + new string('(', 300)),
        };
        var response = await browser.Client.PostAsync($"/projects/{projectId}/alerts/rules/new", new FormUrlEncodedContent(fields));
        ((int)response.StatusCode).ShouldBeLessThan(500, await response.Content.ReadAsStringAsync());
        (await app.WithDbAsync(db => db.AlertRules.CountAsync(r => r.Name.StartsWith("nnnn")))).ShouldBe(0);
    }
}
