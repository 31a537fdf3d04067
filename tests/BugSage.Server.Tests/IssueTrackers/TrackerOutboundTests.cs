using System.Net;
using BugSage.Core.Alerts;
using BugSage.Core.IssueTrackers;
using BugSage.Core.Security;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.IssueTrackers;

/// <summary>Tracker calls, Octokit's included, connect only where the outbound address policy allows.</summary>
public class TrackerOutboundTests
{
    [Fact]
    public async Task A_tracker_on_a_refused_address_is_turned_away_when_saved_and_never_reached()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var github = await FakeGitHub.StartAsync();
        await using var jira = await FakeJira.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { [BugSageFactory.LoopbackAllowance] = "" }, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("chargeCard", 1, clock.GetUtcNow());
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());

        var refused = await api.PostJsonAsync($"/api/v1/projects/{projectId}/integrations",
            new { kind = "github", name = "internal", repository = "acme/api", token = "t", baseUrl = github.ApiUrl });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("loopback");

        // Saved before the operator narrowed the policy: refused at the connection instead.
        var secrets = app.Services.GetRequiredService<SecretProtector>();
        var ids = await app.WithDbAsync(async db =>
        {
            var organizationId = await db.Projects.Where(p => p.Id == projectId).Select(p => p.OrganizationId).SingleAsync();
            AlertIntegration Tracker(string kind, TrackerSettings settings) => new()
            {
                ProjectId = projectId, OrganizationId = organizationId, Kind = kind, Name = kind, CreatedAt = DateTime.UtcNow,
                TokenProtected = secrets.Protect("token"), SecretProtected = secrets.Protect("webhook-secret-0123456789"), TrackerSettings = settings.Serialize(),
            };
            var both = new[]
            {
                Tracker("github", new TrackerSettings { Repository = "acme/api", BaseUrl = github.ApiUrl }),
                Tracker("jira", new TrackerSettings { BaseUrl = jira.SiteUrl, Flavor = "datacenter", ProjectKey = "OPS" }),
            };
            db.AlertIntegrations.AddRange(both);
            await db.SaveChangesAsync();
            return both.Select(i => i.Id).ToList();
        });
        foreach (var id in ids)
        {
            var answer = await TrackerSetup.LinkAsync(api, issueId, id);
            answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            (await answer.Content.ReadAsStringAsync()).ShouldContain("loopback");
        }
        github.Requests.ShouldBeEmpty();
        jira.Requests.ShouldBeEmpty();
    }
}
