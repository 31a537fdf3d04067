using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace BugSage.Server.Tests.Alerts;

/// <summary>Each target's format (Slack, Teams, Discord, email) and how targets keep their secrets.</summary>
public class TargetTests
{
    [Fact]
    public async Task Slack_Teams_and_Discord_get_their_own_message_formats()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var actions = new List<object>();
        foreach (var kind in new[] { "slack", "teams", "discord" })
            actions.Add(new { target = "integration", integrationId = (await AlertSetup.WebhookAsync(api, projectId, receiver, kind)).Id });
        await AlertSetup.RuleAsync(api, projectId, new { name = "chat", trigger = "new_issue", actions });

        await app.SendErrorsAsync("render", 1);
        (await app.DeliverAsync()).ShouldBe(3);

        var byPath = receiver.Requests.ToDictionary(r => r.Path, r => (Request: r, Body: JsonNode.Parse(r.Body)!));
        byPath.Values.ShouldAllBe(r => !r.Request.Headers.ContainsKey("webhook-signature"));
        var slack = byPath["/slack"].Body;
        slack["text"].Str().ShouldStartWith("New issue: DEFAULT-1 TypeError");
        slack["blocks"]![0]!["type"].Str().ShouldBe("header");
        slack["blocks"]!.AsArray().Last()!["elements"]![0]!["url"].Str().ShouldContain("/issues/");
        var card = byPath["/teams"].Body["attachments"]![0]!;
        card["contentType"].Str().ShouldBe("application/vnd.microsoft.card.adaptive");
        card["content"]!["type"].Str().ShouldBe("AdaptiveCard");
        card["content"]!["actions"]![0]!["type"].Str().ShouldBe("Action.OpenUrl");
        var discord = byPath["/discord"].Body;
        discord["embeds"]![0]!["title"].Str().ShouldStartWith("New issue: DEFAULT-1");
        discord["allowed_mentions"]!["parse"]!.AsArray().Count.ShouldBe(0, "event text must not ping anyone");
    }

    [Fact]
    public async Task Chat_text_from_an_event_is_escaped_for_slack()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        var (slackId, _) = await AlertSetup.WebhookAsync(api, projectId, receiver, "slack");
        await AlertSetup.RuleToAsync(api, projectId, slackId, "new_issue");
        var id = Envelopes.NewEventId();
        (await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(id, Envelopes.NodeError(id, function: "<!channel>")))).EnsureSuccessStatusCode();
        await app.DigestAsync();
        await app.DeliverAsync();
        // As Slack reads it: JSON escapes undone.
        var body = JsonNode.Parse(receiver.Requests.Single().Body)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        body.ShouldNotContain("<!channel>");
        body.ShouldContain("&lt;!channel&gt;");
    }

    [Theory, SqliteData, PostgresData]
    public async Task With_email_configured_a_new_project_mails_its_members_about_new_issues(string provider)
    {
        await using var sink = new SmtpSink();
        await using var app = await BugSageFactory.CreateAsync(provider, new()
        {
            ["BugSage:Smtp:Host"] = "127.0.0.1", ["BugSage:Smtp:Port"] = sink.Port.ToString(), ["BugSage:Smtp:From"] = "alerts@bugsage.test",
        });
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var rules = await api.GetJsonAsync($"/api/v1/projects/{projectId}/alert-rules");
        rules.Items().Select(r => $"{r!["trigger"].Str()} {r["issueIntervalMinutes"]} {r["actions"]![0]!["target"].Str()}").ShouldBe(["new_issue 30 members", "regression 30 members"]);
        rules["notice"].ShouldBeNull();
        var created = await (await api.PostJsonAsync("/api/v1/projects", new { name = "Second" })).ReadJsonAsync();
        (await api.GetJsonAsync($"/api/v1/projects/{created["id"].Long()}/alert-rules")).Items().Count.ShouldBe(2);

        await app.SendErrorsAsync("mailed", 1);
        (await app.DeliverAsync()).ShouldBe(1);
        var (to, data) = sink.Messages.ShouldHaveSingleItem();
        to.ShouldBe(BugSageFactory.AdminEmail);
        var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(data)));
        message.Subject.ShouldStartWith("[BugSage] New issue: DEFAULT-1");
        message.From.Mailboxes.Single().Address.ShouldBe("alerts@bugsage.test");
        message.TextBody!.ShouldContain("at mailed (/srv/app/src/users.js:42)");
        message.HtmlBody!.ShouldContain("/issues/");
        message.HtmlBody!.ShouldContain("&#39;name&#39;", Case.Sensitive, "event text is HTML-encoded");
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_rules_test_notification_goes_to_each_of_its_targets_and_counts_as_no_firing(string provider)
    {
        await using var sink = new SmtpSink();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync(provider, new()
        {
            ["BugSage:Smtp:Host"] = "127.0.0.1", ["BugSage:Smtp:Port"] = sink.Port.ToString(), ["BugSage:Smtp:From"] = "alerts@bugsage.test",
        });
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        // Only this test's rule: the defaults (made because email is configured) would mail too.
        foreach (var defaultRule in (await api.GetJsonAsync($"/api/v1/projects/{projectId}/alert-rules")).Items())
            (await api.DeleteAsync($"/api/v1/projects/{projectId}/alert-rules/{defaultRule!["id"].Long()}")).EnsureSuccessStatusCode();
        var (integrationId, secret) = await AlertSetup.WebhookAsync(api, projectId, receiver);
        var rule = await AlertSetup.RuleAsync(api, projectId, new
        {
            name = "Both", trigger = "new_issue", maxFiringsPerHour = 1,
            actions = new object[] { new { target = "integration", integrationId }, new { target = "members" } },
        });
        var ruleId = rule["id"].Long();

        var tested = await api.PostAsync($"/api/v1/projects/{projectId}/alert-rules/{ruleId}/test", null);
        tested.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await tested.ReadJsonAsync())["deliveryIds"]!.AsArray().Count.ShouldBe(2);
        (await app.DeliverAsync()).ShouldBe(2);
        var hook = receiver.Requests.ShouldHaveSingleItem();
        WebhookReceiver.Verify(hook, secret).ShouldBeTrue();
        JsonNode.Parse(hook.Body)!["type"].Str().ShouldBe("alert.test");
        sink.Messages.ShouldHaveSingleItem().To.ShouldBe(BugSageFactory.AdminEmail);
        (await api.GetJsonAsync($"/api/v1/deliveries?ruleId={ruleId}")).Items().Count.ShouldBe(2);

        // The test used none of the rule's hourly cap of one: the first real issue still fires.
        await app.SendErrorsAsync("after-test", 1);
        (await app.DeliverAsync()).ShouldBe(2);
        JsonNode.Parse(receiver.Requests.Last().Body)!["type"].Str().ShouldBe("issue.created");

        var viewer = await app.MemberOfDefaultAsync("viewer@example.com", BugSage.Core.Accounts.Roles.Viewer);
        (await viewer.PostAsync($"/api/v1/projects/{projectId}/alert-rules/{ruleId}/test", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await api.PatchJsonAsync($"/api/v1/projects/{projectId}/alert-rules/{ruleId}", new { actions = new[] { new { target = "integration", integrationId } } })).EnsureSuccessStatusCode();
        (await api.DeleteAsync($"/api/v1/projects/{projectId}/integrations/{integrationId}")).EnsureSuccessStatusCode();
        (await api.PostAsync($"/api/v1/projects/{projectId}/alert-rules/{ruleId}/test", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "nothing is left to send to");
    }

    [Fact]
    public async Task Without_email_no_default_rules_are_made_and_the_list_says_why()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var rules = await api.GetJsonAsync($"/api/v1/projects/{projectId}/alert-rules");
        rules.Items().Count.ShouldBe(0);
        rules["notice"].Str().ShouldContain("Email is not configured");
    }

    [Fact]
    public async Task Urls_and_secrets_are_sealed_and_never_answered()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        const string slackUrl = "https://hooks.slack.example/services/T000/B000/XXXXSECRETXXXX";
        var created = await api.PostJsonAsync($"/api/v1/projects/{projectId}/integrations", new { kind = "slack", name = "team", url = slackUrl });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await created.Content.ReadAsStringAsync()).ShouldNotContain("XXXXSECRET");
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var hook = await (await api.PostJsonAsync($"/api/v1/projects/{projectId}/integrations", new { kind = "webhook", name = "mine", url = "https://hooks.example/in", secret })).ReadJsonAsync();
        hook["hasSecret"]!.GetValue<bool>().ShouldBeTrue();

        var listed = await (await api.GetAsync($"/api/v1/projects/{projectId}/integrations")).Content.ReadAsStringAsync();
        listed.ShouldNotContain("XXXXSECRET");
        listed.ShouldNotContain(secret);
        listed.ShouldContain("hooks.slack.example");
        var stored = await app.WithDbAsync(db => db.AlertIntegrations.Select(i => i.UrlProtected + " " + i.SecretProtected).ToListAsync());
        stored.ShouldAllBe(s => !s.Contains("XXXXSECRET") && !s.Contains(secret));
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action.StartsWith("integration.")).Select(a => a.Details ?? "").ToListAsync());
        audit.ShouldAllBe(d => !d.Contains("XXXXSECRET") && !d.Contains(secret));
    }

    [Fact]
    public async Task A_target_on_a_private_address_is_refused_by_the_outbound_policy()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { [BugSageFactory.LoopbackAllowance] = "" });
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var response = await api.PostJsonAsync($"/api/v1/projects/{projectId}/integrations", new { kind = "webhook", name = "inside", url = receiver.Url() });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("loopback");
    }
}
