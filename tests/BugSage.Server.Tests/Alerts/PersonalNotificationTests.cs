using System.Net;
using System.Net.Http.Json;
using System.Text;
using BugSage.Core.Alerts.Personal;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace BugSage.Server.Tests.Alerts;

/// <summary>
/// Each person decides which member emails reach them (projects, kinds, email at all) and gets a
/// weekly summary once per week; and the makers of rules are told when a target they use is paused.
/// </summary>
public class PersonalNotificationTests
{
    private static Dictionary<string, string?> Smtp(SmtpSink sink) => new()
    {
        ["BugSage:Smtp:Host"] = "127.0.0.1", ["BugSage:Smtp:Port"] = sink.Port.ToString(), ["BugSage:Smtp:From"] = "alerts@bugsage.test",
    };

    private static MimeMessage Parse(string data) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(data)));

    [Theory, SqliteData, PostgresData]
    public async Task Muting_a_project_or_a_kind_stops_member_emails_to_that_person_only(string provider)
    {
        await using var sink = new SmtpSink();
        await using var app = await BugSageFactory.CreateAsync(provider, Smtp(sink));
        var admin = await app.SignedInClientAsync();
        var member = await app.MemberOfDefaultAsync("dev@example.com", "member");
        var (projectId, _) = await app.DefaultKeyAsync();

        var defaults = await member.GetJsonAsync("/api/v1/me/notification-settings");
        (defaults["email"]!.GetValue<bool>(), defaults["weeklySummary"]!.GetValue<bool>(), defaults["mutedProjectIds"]!.AsArray().Count).ShouldBe((true, true, 0));
        var saved = await (await member.PutAsJsonAsync("/api/v1/me/notification-settings", new { mutedProjectIds = new[] { projectId } })).ReadJsonAsync();
        saved["mutedProjectIds"]![0].Long().ShouldBe(projectId);

        // The default rules mail the members about new issues and regressions.
        await app.SendErrorsAsync("first", 1);
        (await app.DeliverAsync()).ShouldBe(1);
        sink.Messages.Select(m => m.To).ShouldBe([BugSageFactory.AdminEmail]);

        (await member.PutAsJsonAsync("/api/v1/me/notification-settings", new { mutedProjectIds = Array.Empty<long>(), mutedTriggers = new[] { "new_issue" } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PutAsJsonAsync("/api/v1/me/notification-settings", new { email = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.SendErrorsAsync("second", 1);
        (await app.DeliverAsync()).ShouldBe(0, "the member muted new issues and the admin all email");

        var issueId = await app.WithDbAsync(db => db.Issues.OrderBy(i => i.Id).Select(i => i.Id).FirstAsync());
        (await admin.PatchJsonAsync($"/api/v1/issues/{issueId}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.SendErrorsAsync("first", 1);
        (await app.DeliverAsync()).ShouldBe(1);
        sink.Messages.Select(m => m.To).ShouldBe([BugSageFactory.AdminEmail, "dev@example.com"], "a regression is not muted");
    }

    [Fact]
    public async Task Settings_name_only_the_callers_projects_and_known_kinds()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (_, _, otherProject) = await app.NewTenantAsync("other@example.com");
        var api = await app.SignedInClientAsync();
        var refused = await api.PutAsJsonAsync("/api/v1/me/notification-settings", new { mutedProjectIds = new[] { otherProject } });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("only projects you can read");
        (await api.PutAsJsonAsync("/api/v1/me/notification-settings", new { mutedTriggers = new[] { "everything" } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.PutAsync("/api/v1/me/notification-settings", new StringContent("{\"email\":", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.CreateClient().GetAsync("/api/v1/me/notification-settings")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.WithDbAsync(db => db.NotificationSettings.CountAsync())).ShouldBe(0, "nothing refused was saved");
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_weekly_summary_lists_the_week_and_is_mailed_once_per_person(string provider)
    {
        // Tuesday 1 Dec 2026; the week summarised on Monday 7 Dec is 30 Nov – 6 Dec.
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        await using var sink = new SmtpSink();
        await using var app = await BugSageFactory.CreateAsync(provider, Smtp(sink), clock: clock);
        var api = await app.SignedInClientAsync();
        await app.MemberOfDefaultAsync("quiet@example.com", "member");
        await app.MemberOfDefaultAsync("dev@example.com", "member");
        var quiet = await app.SignedInClientAsync("quiet@example.com", "member-password-123");
        (await quiet.PutAsJsonAsync("/api/v1/me/notification-settings", new { weeklySummary = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.PutAsJsonAsync("/api/v1/me/notification-settings", new { mutedTriggers = new[] { "new_issue", "regression" } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.SendErrorsAsync("checkout", 3, clock.GetUtcNow());
        await app.SendErrorsAsync("search", 1, clock.GetUtcNow());
        var worker = app.Services.GetRequiredService<WeeklySummaryWorker>();

        clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromHours(21)); // Monday 7 Dec, 07:00: before the sending hour
        (await worker.SendDueAsync(CancellationToken.None)).ShouldBe(0);
        clock.Advance(TimeSpan.FromHours(1));
        (await worker.SendDueAsync(CancellationToken.None)).ShouldBe(2);
        (await worker.SendDueAsync(CancellationToken.None)).ShouldBe(0, "once per person and week");

        var summaries = sink.Messages.Where(m => Parse(m.Data).Subject?.StartsWith("[BugSage] Your week") == true).ToList();
        summaries.Select(m => m.To).Order().ShouldBe([BugSageFactory.AdminEmail, "dev@example.com"]);
        var text = Parse(summaries[0].Data).TextBody!;
        Parse(summaries[0].Data).Subject.ShouldBe("[BugSage] Your week: 30 Nov – 6 Dec 2026");
        text.ShouldContain("New issues (2)");
        text.ShouldContain("DEFAULT-1");
        text.ShouldContain("(3 events this week)");
        text.ShouldContain("Regressions (0)");
        (await app.WithDbAsync(db => db.WeeklySummaries.Select(w => w.Status).ToListAsync())).ShouldBe(["sent", "sent"]);
    }

    [Fact]
    public async Task The_maker_of_a_rule_is_mailed_when_its_target_is_paused()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var sink = new SmtpSink();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Then(500);
        var settings = Smtp(sink);
        settings["BugSage:Alerts:PauseAfterFailures"] = "2";
        await using var app = await BugSageFactory.CreateAsync("sqlite", settings, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        // Only this rule: the defaults would mail the members about the same issues.
        foreach (var rule in (await api.GetJsonAsync($"/api/v1/projects/{projectId}/alert-rules")).Items())
            (await api.DeleteAsync($"/api/v1/projects/{projectId}/alert-rules/{rule!["id"].Long()}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await app.MemberOfDefaultAsync("maker@example.com", "member");
        var maker = await app.SignedInClientAsync("maker@example.com", "member-password-123");
        var (integrationId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        await AlertSetup.RuleToAsync(maker, projectId, integrationId, "new_issue");

        await app.SendErrorsAsync("first", 1, clock.GetUtcNow());
        await app.SendErrorsAsync("second", 1, clock.GetUtcNow());
        (await app.DeliverAsync()).ShouldBe(3, "two failures, then the pause notice they caused");
        var (to, data) = sink.Messages.ShouldHaveSingleItem();
        to.ShouldBe("maker@example.com");
        var message = Parse(data);
        message.Subject.ShouldStartWith("[BugSage] Target paused: default/webhook receiver was paused after 2 failed attempts in a row");
    }
}

/// <summary>The notifications page saves what is checked as wanted, and everything unchecked as muted.</summary>
public class NotificationSettingsPageTests
{
    [Fact]
    public async Task Unchecking_a_project_and_a_kind_mutes_them()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, _) = await app.DefaultKeyAsync();
        var browser = await DashboardSession.SignInAsync(app);
        var page = await (await browser.Client.GetAsync("/settings/notifications")).Content.ReadAsStringAsync();
        page.ShouldContain($"name=\"Form.Projects\" value=\"{projectId}\" checked");
        page.ShouldContain("When a fix awaiting approval");

        var kept = BugSage.Core.Alerts.AlertTriggers.All.Where(t => t != "escalating").Select(t => ("Form.Triggers", t));
        var response = await browser.PostFormAsync("/settings/notifications",
            [("_handler", "notification-settings"), ("Form.Submitted", "true"), ("Form.Email", "true"), .. kept]);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Saved.");

        var saved = await (await app.SignedInClientAsync()).GetJsonAsync("/api/v1/me/notification-settings");
        saved["email"]!.GetValue<bool>().ShouldBeTrue();
        saved["weeklySummary"]!.GetValue<bool>().ShouldBeFalse("its box was not sent");
        saved["mutedProjectIds"]!.AsArray().Select(p => p.Long()).ShouldBe([projectId]);
        saved["mutedTriggers"]!.AsArray().Select(t => t.Str()).ShouldBe(["escalating"]);
    }
}
