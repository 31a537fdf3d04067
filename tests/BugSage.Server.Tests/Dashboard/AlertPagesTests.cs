using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BugSage.Core.Accounts;
using BugSage.Server.Tests.Alerts;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Dashboard;

/// <summary>
/// The alert pages as the server renders them and answers their forms: rules made and changed with
/// the operation's own validation shown on the form, integrations whose secret is shown once, the
/// delivery log with its attempts and redelivery; readers only look, other tenants find nothing.
/// </summary>
public partial class AlertPagesTests
{
    [GeneratedRegex("<code id=\"new-secret\">([^<]+)</code>")]
    private static partial Regex ShownSecret();

    private static string Secret(string html) => ShownSecret().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new ShouldAssertException("no secret shown: " + html);

    private static async Task<string> HtmlAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Where a form's answer leads, unescaped; a page's own form leads to an absolute address on this server.</summary>
    private static string Location(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!;
        return Uri.UnescapeDataString(location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
    }

    private static Task<JsonNode> RulesAsync(HttpClient api, long projectId) => api.GetJsonAsync($"/api/v1/projects/{projectId}/alert-rules");

    [Theory, SqliteData, PostgresData]
    public async Task Rules_are_created_edited_tested_and_deleted_on_the_pages_with_the_operations_validation(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var api = await app.SignedInClientAsync();
        var (integrationId, secret) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        var browser = await DashboardSession.SignInAsync(app);
        var page = $"/projects/{projectId}/alerts";

        var empty = await HtmlAsync(await browser.Client.GetAsync(page));
        empty.ShouldContain("No alert rules");
        empty.ShouldContain($"href=\"/projects/{projectId}/alerts/rules/new\"");
        empty.ShouldContain($"href=\"/projects/{projectId}/alerts\"", customMessage: "the project's navigation links the alert pages");

        (string, string)[] rule =
        [
            ("_handler", "rule"), ("Form.Name", "Checkout errors"), ("Form.Trigger", "event_frequency"), ("Form.Threshold", "5"), ("Form.WindowMinutes", "10"),
            ("Form.Levels", "error"), ("Form.Levels", "fatal"), ("Form.Environments", "production\nstaging"), ("Form.Releases", "shop@2.4.0"),
            ("Form.Tags", "route=/checkout\nregion = eu"), ("Form.CulpritPattern", "^checkout"), ("Form.MessagePattern", "timeout|refused"),
            ("Form.Targets", integrationId.ToString()), ("Form.Targets", "members"), ("Form.IssueIntervalMinutes", "15"), ("Form.MaxFiringsPerHour", "20"),
            ("Form.Enabled", "true"), ("Form.Platforms", "node\npython"), ("Form.Assigned", "false"), ("Form.MinIssueAgeMinutes", "5"),
            ("Form.MaxIssueAgeMinutes", "600"), ("Form.DigestMinutes", "15"),
        ];
        // The operation's rules, said beside the fields, with what was typed kept.
        var invalid = await HtmlAsync(await browser.PostFormAsync($"{page}/rules/new", [.. rule.Where(f => f.Item1 != "Form.Threshold")]));
        invalid.ShouldContain("1 to 10,000,000 for a frequency trigger");
        invalid.ShouldContain("value=\"Checkout errors\"");
        invalid.ShouldContain("timeout|refused");
        var badPattern = await HtmlAsync(await browser.PostFormAsync($"{page}/rules/new", [.. rule.Select(f => f.Item1 == "Form.CulpritPattern" ? (f.Item1, "(unclosed") : f)]));
        badPattern.ShouldContain("culpritPattern:");
        var notANumber = await HtmlAsync(await browser.PostFormAsync($"{page}/rules/new", [.. rule.Select(f => f.Item1 == "Form.MaxFiringsPerHour" ? (f.Item1, "lots") : f)]));
        notANumber.ShouldContain("a whole number");
        var foreignTarget = await HtmlAsync(await browser.PostFormAsync($"{page}/rules/new", [.. rule.Select(f => f.Item2 == integrationId.ToString() ? (f.Item1, "999999") : f)]));
        foreignTarget.ShouldContain("an alert target (not an issue tracker) of this project");
        (await RulesAsync(api, projectId)).Items().ShouldBeEmpty();

        var created = await browser.PostFormAsync($"{page}/rules/new", rule);
        Location(created).ShouldBe($"{page}?done=Saved the rule Checkout errors.");
        var saved = (await RulesAsync(api, projectId)).Items().ShouldHaveSingleItem()!;
        var ruleId = saved["id"].Long();
        (saved["trigger"].Str(), saved["threshold"].Long(), saved["windowMinutes"].Long(), saved["issueIntervalMinutes"].Long(), saved["maxFiringsPerHour"].Long(), saved["enabled"]!.GetValue<bool>())
            .ShouldBe(("event_frequency", 5, 10, 15, 20, true));
        var conditions = saved["conditions"]!;
        conditions["levels"]!.AsArray().Select(l => l.Str()).ShouldBe(["error", "fatal"]);
        conditions["environments"]!.AsArray().Select(l => l.Str()).ShouldBe(["production", "staging"]);
        conditions["releases"]!.AsArray().Select(l => l.Str()).ShouldBe(["shop@2.4.0"]);
        (conditions["tags"]!["route"].Str(), conditions["tags"]!["region"].Str()).ShouldBe(("/checkout", "eu"));
        (conditions["culpritPattern"].Str(), conditions["messagePattern"].Str()).ShouldBe(("^checkout", "timeout|refused"));
        saved["actions"]!.AsArray().Select(a => $"{a!["target"].Str()} {a["integrationId"]}").ShouldBe([$"integration {integrationId}", "members "]);
        conditions["platforms"]!.AsArray().Select(l => l.Str()).ShouldBe(["node", "python"]);
        (conditions["assigned"]!.GetValue<bool>(), conditions["minIssueAgeMinutes"]!.GetValue<int>(), conditions["maxIssueAgeMinutes"]!.GetValue<int>()).ShouldBe((false, 5, 600));
        saved["digestMinutes"]!.GetValue<int>().ShouldBe(15);

        var list = await HtmlAsync(await browser.Client.GetAsync(page));
        list.ShouldContain("Checkout errors");
        list.ShouldContain("more than 5 events in 10 min");
        list.ShouldContain("level error or fatal; environment production or staging");
        list.ShouldContain("platform node or python; unassigned; issue older than 5 min; issue at most 600 min old");
        list.ShouldContain("webhook receiver (webhook), all members (email)");
        // The edit page shows the rule as saved.
        var edit = await HtmlAsync(await browser.Client.GetAsync($"{page}/rules/{ruleId}"));
        edit.ShouldContain("value=\"^checkout\"");
        edit.ShouldContain("route=/checkout\nregion=eu");
        edit.ShouldContain("<option value=\"false\" selected");
        edit.ShouldContain("name=\"Form.DigestMinutes\" value=\"15\"");

        // Edited: every field as the form sends it; an unticked box is a "no".
        var edited = await browser.PostFormAsync($"{page}/rules/{ruleId}",
            ("_handler", "rule"), ("Form.Name", "New checkout issues"), ("Form.Trigger", "new_issue"), ("Form.Targets", integrationId.ToString()),
            ("Form.IssueIntervalMinutes", "0"), ("Form.MaxFiringsPerHour", "60"));
        Location(edited).ShouldStartWith($"{page}?done=");
        var changed = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/alert-rules/{ruleId}"));
        (changed["name"].Str(), changed["trigger"].Str(), changed["enabled"]!.GetValue<bool>(), changed["issueIntervalMinutes"].Long()).ShouldBe(("New checkout issues", "new_issue", false, 0));
        changed["conditions"]!["levels"].ShouldBeNull();
        changed["actions"]!.AsArray().ShouldHaveSingleItem();
        var invalidEdit = await HtmlAsync(await browser.PostFormAsync($"{page}/rules/{ruleId}", ("_handler", "rule"), ("Form.Name", " "), ("Form.Trigger", "new_issue"), ("Form.Targets", "members")));
        invalidEdit.ShouldContain("1 to 200 characters");

        Location(await browser.PostFormAsync($"/dashboard/projects/{projectId}/alert-rules/{ruleId}", ("action", "enable"))).ShouldEndWith("New checkout issues is enabled.");
        // A test notification goes to the rule's targets through the outbox, signed like a firing.
        Location(await browser.PostFormAsync($"/dashboard/projects/{projectId}/alert-rules/{ruleId}", ("action", "test")))
            .ShouldBe($"{page}/deliveries?ruleId={ruleId}&done=Queued 1 test notification.");
        (await app.DeliverAsync()).ShouldBe(1);
        var sent = receiver.Requests.ShouldHaveSingleItem();
        WebhookReceiver.Verify(sent, secret).ShouldBeTrue();
        JsonNode.Parse(sent.Body)!["type"].Str().ShouldBe("alert.test");
        (await app.WithDbAsync(db => db.AlertDeliveries.SingleAsync())).RuleId.ShouldBe(ruleId);
        (await api.GetJsonAsync($"/api/v1/projects/{projectId}/alert-rules/{ruleId}"))["lastFiredAt"].ShouldBeNull("a test is not a firing");

        // A reader sees the rules and changes none of them.
        await app.MemberOfDefaultAsync("viewer@example.com", Roles.Viewer);
        var viewer = await DashboardSession.SignInAsync(app, "viewer@example.com", "member-password-123");
        var seen = await HtmlAsync(await viewer.Client.GetAsync(page));
        seen.ShouldContain("New checkout issues");
        seen.ShouldNotContain("New rule");
        seen.ShouldNotContain("Send test");
        (await HtmlAsync(await viewer.PostFormAsync($"{page}/rules/{ruleId}", ("_handler", "rule"), ("Form.Name", "Taken over"), ("Form.Trigger", "new_issue"), ("Form.Targets", "members"))))
            .ShouldContain("Your role does not allow this.");
        Location(await viewer.PostFormAsync($"/dashboard/projects/{projectId}/alert-rules/{ruleId}", ("action", "delete"))).ShouldContain("error=");
        (await RulesAsync(api, projectId)).Items().ShouldHaveSingleItem()!["name"].Str().ShouldBe("New checkout issues");

        // Another tenant finds nothing; malformed posts are refused, never a server error.
        var (_, _, otherProject) = await app.NewTenantAsync("outsider@example.com");
        var outsider = await DashboardSession.SignInAsync(app, "outsider@example.com", "tenant-password-123");
        (await outsider.Client.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.Client.GetAsync($"{page}/rules/{ruleId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.Client.GetAsync($"/projects/{otherProject}/alerts/rules/{ruleId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.PostFormAsync($"/dashboard/projects/{projectId}/alert-rules/{ruleId}", ("action", "delete"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.PostFormAsync($"/dashboard/projects/{projectId}/alert-rules/{ruleId}", ("action", "whatever"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.PostFormAsync($"{page}/rules/new", ("Form.Name", "no handler"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await browser.PostFormAsync($"{page}/rules/new", ("_handler", "not-a-form"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await browser.Client.PostAsync($"{page}/rules/new", new FormUrlEncodedContent([new("_handler", "rule"), new("Form.Name", "no token")]))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ((int)(await browser.Client.PostAsync($"/dashboard/projects/{projectId}/alert-rules/{ruleId}", new StringContent("{]", System.Text.Encoding.UTF8, "application/json")))
            .StatusCode).ShouldBeInRange(400, 499);
        Location(await browser.PostFormAsync($"/dashboard/projects/{projectId}/alert-rules/{ruleId}", ("action", "explode"))).ShouldContain("error=Unknown action.");
        (await HtmlAsync(await browser.PostFormAsync($"{page}/rules/new", ("_handler", "rule"), ("Form.Name", "odd"), ("Form.Trigger", "new_issue"), ("Form.Targets", "everyone"))))
            .ShouldContain("members or an integration of this project");

        Location(await browser.PostFormAsync($"/dashboard/projects/{projectId}/alert-rules/{ruleId}", ("action", "delete"))).ShouldContain("done=Deleted the rule");
        (await RulesAsync(api, projectId)).Items().ShouldBeEmpty();
        (await browser.Client.GetAsync($"{page}/rules/{ruleId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Integrations_are_added_with_their_secret_shown_once_then_tested_rotated_paused_and_removed(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var api = await app.SignedInClientAsync();
        var browser = await DashboardSession.SignInAsync(app);
        var page = $"/projects/{projectId}/alerts/integrations";
        (await HtmlAsync(await browser.Client.GetAsync(page))).ShouldContain("No integrations");

        var added = await HtmlAsync(await browser.PostFormAsync(page, ("_handler", "add-integration"), ("Add.Kind", "webhook"), ("Add.Name", "Receiver"), ("Add.Url", receiver.Url("hook")), ("Add.Secret", "")));
        var secret = Secret(added);
        secret.ShouldStartWith("whsec_");
        var integration = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/integrations")).AsArray().ShouldHaveSingleItem()!;
        var integrationId = integration["id"].Long();
        (integration["urlHost"].Str(), integration["hasSecret"]!.GetValue<bool>()).ShouldBe(("127.0.0.1", true));
        var again = await HtmlAsync(await browser.Client.GetAsync(page));
        again.ShouldContain("Receiver");
        again.ShouldContain("127.0.0.1");
        again.ShouldNotContain(secret);
        again.ShouldNotContain(receiver.Url("hook"), customMessage: "a URL is a credential: only its host is shown");

        // What the operation refuses is said on the page; nothing is added.
        (await HtmlAsync(await browser.PostFormAsync(page, ("_handler", "add-integration"), ("Add.Kind", "slack"), ("Add.Name", "Chat"), ("Add.Url", "ftp://hooks.example/x"))))
            .ShouldContain("url: an absolute https (or http) URL without credentials");
        (await HtmlAsync(await browser.PostFormAsync(page, ("_handler", "add-integration"), ("Add.Kind", "webhook"), ("Add.Name", "Inside"), ("Add.Url", "http://10.1.2.3/hook"))))
            .ShouldContain("url: 10.1.2.3:");
        (await HtmlAsync(await browser.PostFormAsync(page, ("_handler", "add-integration"), ("Add.Kind", "email"), ("Add.Name", "Mail"), ("Add.Recipients", "not an address"))))
            .ShouldContain("recipients: 1 to 20 email addresses");
        (await HtmlAsync(await browser.PostFormAsync(page, ("_handler", "add-integration"), ("Add.Kind", "pager"), ("Add.Name", "Pager")))).ShouldContain("kind: one of");
        (await HtmlAsync(await browser.PostFormAsync(page, ("_handler", "add-integration"), ("Add.Kind", "email"), ("Add.Name", "Mail"), ("Add.Recipients", "ops@example.com\ndev@example.com"))))
            .ShouldNotContain("new-secret");
        (await api.GetJsonAsync($"/api/v1/projects/{projectId}/integrations")).AsArray().Count.ShouldBe(2);

        // Test: queued, then sent signed with the secret shown.
        var tested = Location(await browser.PostFormAsync($"/dashboard/projects/{projectId}/integrations/{integrationId}", ("action", "test")));
        tested.ShouldStartWith($"/projects/{projectId}/alerts/deliveries/");
        (await app.DeliverAsync()).ShouldBe(1);
        WebhookReceiver.Verify(receiver.Requests.ShouldHaveSingleItem(), secret).ShouldBeTrue();

        // Rotate: a new secret, shown once; the next delivery is signed with it, and with the old one while they overlap.
        var rotatedPage = await HtmlAsync(await browser.PostFormAsync(page, ("_handler", $"rotate-{integrationId}")));
        rotatedPage.ShouldContain("deliveries are signed with the previous secret too");
        var rotated = Secret(rotatedPage);
        rotated.ShouldNotBe(secret);
        Location(await browser.PostFormAsync($"/dashboard/projects/{projectId}/integrations/{integrationId}", ("action", "test")));
        (await app.DeliverAsync()).ShouldBe(1);
        var second = receiver.Requests.Last();
        WebhookReceiver.Verify(second, rotated).ShouldBeTrue();
        WebhookReceiver.Verify(second, secret).ShouldBeTrue("the overlap (SecretRotationTests ends it)");

        Location(await browser.PostFormAsync($"/dashboard/projects/{projectId}/integrations/{integrationId}", ("action", "pause"))).ShouldContain("is paused");
        (await api.GetJsonAsync($"/api/v1/projects/{projectId}/integrations/{integrationId}"))["paused"]!.GetValue<bool>().ShouldBeTrue();
        (await HtmlAsync(await browser.Client.GetAsync(page))).ShouldContain("paused by a person");
        Location(await browser.PostFormAsync($"/dashboard/projects/{projectId}/integrations/{integrationId}", ("action", "resume"))).ShouldContain("is resumed");
        (await api.GetJsonAsync($"/api/v1/projects/{projectId}/integrations/{integrationId}"))["paused"]!.GetValue<bool>().ShouldBeFalse();

        // A member who may triage still cannot change targets: they hold credentials.
        await app.MemberOfDefaultAsync("member@example.com", Roles.Member);
        var member = await DashboardSession.SignInAsync(app, "member@example.com", "member-password-123");
        var memberView = await HtmlAsync(await member.Client.GetAsync(page));
        memberView.ShouldContain("Receiver");
        memberView.ShouldNotContain("Add an integration");
        Location(await member.PostFormAsync($"/dashboard/projects/{projectId}/integrations/{integrationId}", ("action", "pause"))).ShouldContain("error=");
        (await member.PostFormAsync(page, ("_handler", "add-integration"), ("Add.Kind", "webhook"), ("Add.Name", "Mine"), ("Add.Url", receiver.Url())))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest, "the form is not on a member's page");
        (await member.PostFormAsync(page, ("_handler", $"rotate-{integrationId}"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.GetJsonAsync($"/api/v1/projects/{projectId}/integrations/{integrationId}"))["paused"]!.GetValue<bool>().ShouldBeFalse();

        await app.NewTenantAsync("outsider@example.com");
        var secretAtRest = await app.WithDbAsync(db => db.AlertIntegrations.Where(i => i.Id == integrationId).Select(i => i.SecretProtected).SingleAsync());
        var outsider = await DashboardSession.SignInAsync(app, "outsider@example.com", "tenant-password-123");
        (await outsider.Client.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.PostFormAsync($"/dashboard/projects/{projectId}/integrations/{integrationId}", ("action", "remove"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.PostFormAsync(page, ("_handler", $"rotate-{integrationId}"))).StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.BadRequest);
        (await app.WithDbAsync(db => db.AlertIntegrations.Where(i => i.Id == integrationId).Select(i => i.SecretProtected).SingleAsync())).ShouldBe(secretAtRest);
        (await browser.PostFormAsync(page, ("_handler", "add-integration"), ("Add.Kind", new string('x', 5000)))).StatusCode.ShouldBe(HttpStatusCode.OK);

        Location(await browser.PostFormAsync($"/dashboard/projects/{projectId}/integrations/{integrationId}", ("action", "remove"))).ShouldContain("done=Removed");
        (await api.GetJsonAsync($"/api/v1/projects/{projectId}/integrations")).AsArray().Select(i => i!["name"].Str()).ShouldBe(["Mail"]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_delivery_log_filters_pages_shows_attempts_and_redelivers(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var api = await app.SignedInClientAsync();
        var (hookId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        var (slackId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver, "slack");
        var ruleId = (await AlertSetup.RuleToAsync(api, projectId, hookId, "new_issue"))["id"].Long();
        receiver.Then(400);
        await app.SendErrorsAsync("checkout", 1);
        (await app.DeliverAsync()).ShouldBe(1);
        var failedId = await app.WithDbAsync(db => db.AlertDeliveries.Select(d => d.Id).SingleAsync());
        receiver.Then(200);
        // Enough tests of the other target for a second page of the log.
        for (var i = 0; i < 50; i++)
            (await api.PostAsync($"/api/v1/projects/{projectId}/integrations/{slackId}/test", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var browser = await DashboardSession.SignInAsync(app);
        var log = $"/projects/{projectId}/alerts/deliveries";

        var first = await HtmlAsync(await browser.Client.GetAsync(log));
        var newest = await app.WithDbAsync(db => db.AlertDeliveries.MaxAsync(d => d.Id));
        first.IndexOf($">#{newest}<", StringComparison.Ordinal).ShouldBeLessThan(first.IndexOf($">#{newest - 1}<", StringComparison.Ordinal), "newest first");
        first.ShouldNotContain($">#{failedId}<", customMessage: "the oldest is on the next page");
        var older = Regex.Match(first, "href=\"([^\"]+cursor=[^\"]+)\"[^>]*>Older deliveries").Groups[1].Value;
        older.ShouldNotBeEmpty();
        var second = await HtmlAsync(await browser.Client.GetAsync(older));
        second.ShouldContain($">#{failedId}<");
        second.ShouldContain("new issue: ");

        var byRule = await HtmlAsync(await browser.Client.GetAsync($"{log}?ruleId={ruleId}"));
        byRule.ShouldContain($">#{failedId}<");
        byRule.ShouldNotContain($">#{newest}<");
        var bySlack = await HtmlAsync(await browser.Client.GetAsync($"{log}?integrationId={slackId}&status=queued"));
        bySlack.ShouldContain($">#{newest}<");
        bySlack.ShouldNotContain($">#{failedId}<");
        (await HtmlAsync(await browser.Client.GetAsync($"{log}?status=failed"))).ShouldContain($">#{failedId}<");
        (await HtmlAsync(await browser.Client.GetAsync($"{log}?status=delivered"))).ShouldContain("No deliveries");
        // Hand-edited filters are no filters, never an error page.
        (await browser.Client.GetAsync($"{log}?ruleId=abc&integrationId=-1&status=%00&cursor=!!")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The failed delivery: its attempt, then redelivered and sent.
        var detail = $"{log}/{failedId}";
        var failed = await HtmlAsync(await browser.Client.GetAsync(detail));
        failed.ShouldContain("badge-failed");
        failed.ShouldContain("answered 400 Bad Request");
        failed.ShouldContain("Redeliver");
        Location(await browser.PostFormAsync($"/dashboard/projects/{projectId}/deliveries/{failedId}/redeliver")).ShouldBe($"{detail}?done=Queued again.");
        Location(await browser.PostFormAsync($"/dashboard/projects/{projectId}/deliveries/{failedId}/redeliver")).ShouldContain("error=The delivery is queued");
        (await app.WithDbAsync(db => db.AlertDeliveries.Where(d => d.Id == failedId).Select(d => d.Status).SingleAsync())).ShouldBe("queued");
        await app.DeliverAsync();
        var delivered = await HtmlAsync(await browser.Client.GetAsync(detail));
        delivered.ShouldContain("badge-delivered");
        Regex.Count(delivered, "<tr>\\s*<td>\\d+</td>").ShouldBe(2, "both attempts are listed");
        delivered.ShouldContain("200 ✓");

        // Readers see the log but do not redeliver; other tenants and other projects' addresses find nothing.
        await app.MemberOfDefaultAsync("viewer@example.com", Roles.Viewer);
        var viewer = await DashboardSession.SignInAsync(app, "viewer@example.com", "member-password-123");
        (await HtmlAsync(await viewer.Client.GetAsync(detail))).ShouldNotContain("Redeliver");
        Location(await viewer.PostFormAsync($"/dashboard/projects/{projectId}/deliveries/{failedId}/redeliver")).ShouldContain("error=");
        var (_, _, otherProject) = await app.NewTenantAsync("outsider@example.com");
        var outsider = await DashboardSession.SignInAsync(app, "outsider@example.com", "tenant-password-123");
        (await outsider.Client.GetAsync(log)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.Client.GetAsync(detail)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.Client.GetAsync($"/projects/{otherProject}/alerts/deliveries/{failedId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.PostFormAsync($"/dashboard/projects/{projectId}/deliveries/{failedId}/redeliver")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.PostFormAsync($"/dashboard/projects/{otherProject}/deliveries/{failedId}/redeliver")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
