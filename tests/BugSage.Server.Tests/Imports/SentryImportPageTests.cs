using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Imports;

/// <summary>The organization settings page that starts an import and shows its progress.</summary>
public class SentryImportPageTests
{
    [Fact]
    public async Task An_admin_starts_an_import_from_the_page_and_sees_its_progress_and_notes()
    {
        await using var sentry = await FakeSentry.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var orgId = await SentryImportTests.DefaultOrgAsync(app);
        var browser = await DashboardSession.SignInAsync(app);
        var (projectId, _) = await app.DefaultKeyAsync();
        (await browser.Client.GetStringAsync($"/projects/{projectId}/settings")).ShouldContain($"/organizations/{orgId}/settings/import");
        (await browser.Client.GetStringAsync($"/organizations/{orgId}/settings/import")).ShouldContain("No import yet.");

        var refused = await browser.PostFormAsync($"/organizations/{orgId}/settings/import", ("_handler", "start-import"), ("Form.Url", sentry.Url), ("Form.Token", ""), ("Form.Organization", "acme"));
        (await refused.Content.ReadAsStringAsync()).ShouldContain("token: required");

        var started = await browser.PostFormAsync($"/organizations/{orgId}/settings/import", ("_handler", "start-import"), ("Form.Url", sentry.Url),
            ("Form.Token", FakeSentry.Token), ("Form.Organization", "acme"), ("Form.Projects", "backend"), ("Form.Events", "2"));
        started.StatusCode.ShouldBe(HttpStatusCode.OK);
        var queued = await started.Content.ReadAsStringAsync();
        queued.ShouldContain("http-equiv=\"refresh\"");
        queued.ShouldNotContain(FakeSentry.Token);
        var job = await app.WithDbAsync(db => db.SentryImportJobs.SingleAsync());
        (job.ProjectSlugs, job.EventsPerIssue, job.CreatedBy).ShouldBe(("backend", 2, BugSageFactory.AdminEmail));

        await SentryImportTests.RunAsync(app);
        var done = await browser.Client.GetStringAsync($"/organizations/{orgId}/settings/import");
        done.ShouldContain("1 projects (0 skipped), 2 keys, 2 releases, 3 issues, 4 events");
        done.ShouldNotContain("http-equiv=\"refresh\"");
    }

    [Fact]
    public async Task A_failed_import_is_resumed_from_the_page_and_members_who_are_not_admins_only_read_why_not()
    {
        await using var sentry = await FakeSentry.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var orgId = await SentryImportTests.DefaultOrgAsync(app);
        var api = await app.SignedInClientAsync();
        sentry.FailOnce("/api/0/issues/9001/events/");
        var jobId = await SentryImportTests.StartAsync(api, orgId, sentry);
        await SentryImportTests.RunAsync(app);
        var browser = await DashboardSession.SignInAsync(app);
        var page = await browser.Client.GetStringAsync($"/organizations/{orgId}/settings/import");
        page.ShouldContain("Sentry answered 500 for /api/0/issues/9001/events/");

        var resumed = await browser.PostFormAsync($"/organizations/{orgId}/settings/import", ("_handler", $"resume-{jobId}"));
        resumed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.SentryImportJobs.SingleAsync())).Status.ShouldBe("queued");

        var (_, _, _) = await app.NewTenantAsync("member@example.com");
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == "member@example.com");
            db.Add(new BugSage.Core.Accounts.Membership { OrganizationId = orgId, UserId = user.Id, Role = BugSage.Core.Accounts.Roles.Member, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        var member = await DashboardSession.SignInAsync(app, "member@example.com", "tenant-password-123");
        var memberPage = await member.Client.GetStringAsync($"/organizations/{orgId}/settings/import");
        memberPage.ShouldContain("Only organization admins and owners import from Sentry.");
        memberPage.ShouldNotContain("Start import");
    }
}
