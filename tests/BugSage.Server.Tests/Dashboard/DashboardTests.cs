using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Dashboard;

/// <summary>The dashboard through HTTP as a browser uses it: the sign-in cookie, server-rendered pages and their forms.</summary>
public class DashboardTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Sign_in_sets_a_protected_cookie_and_sign_out_ends_the_session_everywhere(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var (projectId, _) = await app.DefaultKeyAsync();

        var loginPage = await client.GetAsync("/login");
        loginPage.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
        loginPage.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
        var antiforgeryCookie = loginPage.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)).Split(';')[0];
        var token = DashboardSession.FormToken(await loginPage.Content.ReadAsStringAsync());

        async Task<HttpResponseMessage> SignIn(string password, string? formToken = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = formToken ?? token, ["email"] = BugSageFactory.AdminEmail, ["password"] = password, ["returnUrl"] = $"/projects/{projectId}/issues",
                }),
            };
            request.Headers.Add("Cookie", antiforgeryCookie);
            return await client.SendAsync(request);
        }

        var wrong = await SignIn("not the password");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        wrong.Headers.Location!.OriginalString.ShouldBe($"/login?error=invalid&returnUrl=%2Fprojects%2F{projectId}%2Fissues");
        (await SignIn(BugSageFactory.AdminPassword, formToken: "forged")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var ok = await SignIn(BugSageFactory.AdminPassword);
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ok.Headers.Location!.OriginalString.ShouldBe($"/projects/{projectId}/issues");
        var setCookie = ok.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("bugsage.session=", StringComparison.Ordinal));
        setCookie.ShouldContain("httponly");
        setCookie.ShouldContain("samesite=lax");
        var session = setCookie.Split(';')[0];

        async Task<HttpResponseMessage> Get(string url)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Cookie", session);
            return await client.SendAsync(request);
        }
        var issues = await Get($"/projects/{projectId}/issues");
        issues.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await issues.Content.ReadAsStringAsync()).ShouldContain("No issues here");
        (await Get("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the API takes bearer tokens only, never the dashboard cookie");

        // Ending the session (as signing out does) stops the very same cookie at once.
        await app.WithDbAsync(db => db.RefreshTokens.ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, DateTime.UtcNow)));
        var after = await Get($"/projects/{projectId}/issues");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.AbsolutePath.ShouldBe("/login");
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "auth.sign_in_failed"))).ShouldBe(1);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var browser = await DashboardSession.SignInAsync(app);
        (await browser.Client.GetAsync("/projects/1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.RefreshTokens.CountAsync(t => t.RevokedAt == null))).ShouldBe(1);

        (await browser.PostFormAsync("/account/logout")).Headers.Location!.OriginalString.ShouldBe("/login");
        (await browser.Client.GetAsync("/projects/1")).Headers.Location!.AbsolutePath.ShouldBe("/login");
        // Revoked, so a copy of the cookie taken before signing out is refused too (see the test above).
        (await app.WithDbAsync(db => db.RefreshTokens.CountAsync(t => t.RevokedAt == null))).ShouldBe(0);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Issues_are_listed_triaged_in_bulk_and_shown_in_detail(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        await app.SendErrorsAsync("loadProfile", 3);
        await app.SendErrorsAsync("renderCart", 2);
        var browser = await DashboardSession.SignInAsync(app);
        var (projectId, _) = await app.DefaultKeyAsync();

        var list = await (await browser.Client.GetAsync($"/projects/{projectId}/issues")).Content.ReadAsStringAsync();
        list.ShouldContain("loadProfile");
        list.ShouldContain("renderCart");
        var ids = await app.WithDbAsync(db => db.Issues.OrderBy(i => i.Id).Select(i => i.Id).ToListAsync());

        // A form without its antiforgery token changes nothing.
        var forged = await browser.Client.PostAsync($"/dashboard/projects/{projectId}/issues/bulk",
            new FormUrlEncodedContent([new("action", "resolve"), new("id", ids[0].ToString()), new("id", ids[1].ToString())]));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.WithDbAsync(db => db.Issues.CountAsync(i => i.Status == "resolved"))).ShouldBe(0);

        var resolved = await browser.PostFormAsync($"/dashboard/projects/{projectId}/issues/bulk",
            ("action", "resolve"), ("id", ids[0].ToString()), ("id", ids[1].ToString()), ("returnUrl", $"/projects/{projectId}/issues"));
        resolved.Headers.Location!.OriginalString.ShouldBe($"/projects/{projectId}/issues");
        (await app.WithDbAsync(db => db.Issues.CountAsync(i => i.Status == "resolved"))).ShouldBe(2);
        (await (await browser.Client.GetAsync($"/projects/{projectId}/issues")).Content.ReadAsStringAsync()).ShouldContain("No issues here");
        (await (await browser.Client.GetAsync($"/projects/{projectId}/issues?status=resolved")).Content.ReadAsStringAsync()).ShouldContain("loadProfile");
        var adminId = await app.WithDbAsync(db => db.Users.Select(u => u.Id).FirstAsync());
        await app.NewTenantAsync("outsider@example.com");
        var outsiderId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "outsider@example.com").Select(u => u.Id).SingleAsync());
        var notMember = await browser.PostFormAsync($"/dashboard/projects/{projectId}/issues/bulk", ("action", "assign"), ("assignee", outsiderId.ToString()), ("id", ids[0].ToString()), ("returnUrl", "/"));
        notMember.Headers.Location!.OriginalString.ShouldContain("error=");
        await browser.PostFormAsync($"/dashboard/projects/{projectId}/issues/bulk", ("action", "assign"), ("assignee", adminId.ToString()), ("id", ids[0].ToString()), ("id", ids[1].ToString()), ("returnUrl", "/"));
        (await app.WithDbAsync(db => db.Issues.CountAsync(i => i.AssigneeId == adminId))).ShouldBe(2);
        var offSite = await browser.PostFormAsync($"/dashboard/projects/{projectId}/issues/bulk", ("action", "unresolve"), ("id", ids[0].ToString()), ("returnUrl", "https://evil.example/"));
        offSite.Headers.Location!.OriginalString.ShouldBe("/");

        var shortLink = await browser.Client.GetAsync($"/issues/{ids[0]}");
        shortLink.Headers.Location!.AbsolutePath.ShouldBe($"/projects/{projectId}/issues/{ids[0]}");
        var detail = await (await browser.Client.GetAsync($"/projects/{projectId}/issues/{ids[0]}")).Content.ReadAsStringAsync();
        detail.ShouldContain("Cannot read properties of undefined (reading &#x27;name&#x27;)");
        detail.ShouldContain("return users[id].name;");
        detail.ShouldContain("GET /users/7");
        detail.ShouldContain("route");
        detail.ShouldNotContain("hunter2");
        (await browser.PostFormAsync($"/dashboard/issues/{ids[0]}/comments", ("text", "<script>alert(1)</script> looking into it"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        detail = await (await browser.Client.GetAsync($"/projects/{projectId}/issues/{ids[0]}")).Content.ReadAsStringAsync();
        detail.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt; looking into it");
        detail.ShouldNotContain("<script>alert(1)</script>");
        (await browser.Client.GetAsync($"/issues/{ids[0] + 1000}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.Client.GetAsync($"/projects/{projectId + 1000}/issues/{ids[0]}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Settings_create_a_project_show_its_dsn_and_rotate_its_key()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var browser = await DashboardSession.SignInAsync(app);
        var orgId = await app.DefaultOrganizationAsync();
        var created = await browser.PostFormAsync("/dashboard/projects", ("organizationId", orgId.ToString()), ("name", "Checkout Service"));
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var project = await app.WithDbAsync(db => db.Projects.SingleAsync(p => p.Name == "Checkout Service"));
        created.Headers.Location!.OriginalString.ShouldStartWith($"/projects/{project.Id}/settings");
        var key = await app.WithDbAsync(db => db.ProjectKeys.SingleAsync(k => k.ProjectId == project.Id));

        var settings = await (await browser.Client.GetAsync($"/projects/{project.Id}/settings")).Content.ReadAsStringAsync();
        settings.ShouldContain($"http://{key.PublicKey}@localhost/{project.Id}");
        settings.ShouldContain("sentry_sdk.init");

        (await browser.PostFormAsync($"/dashboard/projects/{project.Id}/keys/{key.Id}", ("action", "rotate"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var keys = await app.WithDbAsync(db => db.ProjectKeys.Where(k => k.ProjectId == project.Id).OrderBy(k => k.Id).ToListAsync());
        keys.Select(k => k.IsActive).ShouldBe([false, true]);
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "key.rotated"))).ShouldBe(1);
    }

    [Fact]
    public async Task A_viewer_sees_issues_without_triage_controls_and_cannot_post_them()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        await app.SendErrorsAsync("loadProfile", 1);
        var owner = await app.SignedInClientAsync();
        await app.NewTenantAsync("viewer@example.com");
        var orgId = await app.DefaultOrganizationAsync();
        (await owner.PostJsonAsync($"/api/v1/organizations/{orgId}/members", new { email = "viewer@example.com", role = "viewer" })).EnsureSuccessStatusCode();
        var (projectId, _) = await app.DefaultKeyAsync();
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var viewer = await DashboardSession.SignInAsync(app, "viewer@example.com", "tenant-password-123");

        var list = await (await viewer.Client.GetAsync($"/projects/{projectId}/issues")).Content.ReadAsStringAsync();
        list.ShouldContain("loadProfile");
        list.ShouldContain("Your role can look at issues but not change them.");
        list.ShouldNotContain("value=\"resolve\"");
        var refused = await viewer.PostFormAsync($"/dashboard/issues/{issueId}/status", ("action", "resolve"));
        refused.Headers.Location!.OriginalString.ShouldStartWith($"/projects/{projectId}/issues/{issueId}?error=");
        (await app.WithDbAsync(db => db.Issues.SingleAsync())).Status.ShouldBe("unresolved");
        (await viewer.PostFormAsync($"/dashboard/projects/{projectId}/keys/1", ("action", "revoke"))).Headers.Location!.OriginalString.ShouldContain("error=");
        (await app.WithDbAsync(db => db.ProjectKeys.CountAsync(k => k.IsActive))).ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Settings_forms_save_rules_and_scrubbing_and_tokens_are_shown_once_then_revoked()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var browser = await DashboardSession.SignInAsync(app);
        var (projectId, _) = await app.DefaultKeyAsync();

        var rejected = await browser.PostFormAsync($"/dashboard/projects/{projectId}/settings", ("section", "grouping"), ("fingerprintRules", "nonsense"));
        rejected.Headers.Location!.OriginalString.ShouldContain("error=");
        (await browser.PostFormAsync($"/dashboard/projects/{projectId}/settings", ("section", "grouping"), ("fingerprintRules", "type:TimeoutError -> timeouts")))
            .Headers.Location!.OriginalString.ShouldContain("done=");
        (await browser.PostFormAsync($"/dashboard/projects/{projectId}/settings", ("section", "scrubbing"), ("sensitiveFields", "note"), ("safeFields", ""), ("scrubIpAddresses", "true")))
            .Headers.Location!.OriginalString.ShouldContain("done=");
        // Unticking the box sends nothing for it: the form still turns it off.
        await browser.PostFormAsync($"/dashboard/projects/{projectId}/settings", ("section", "scrubbing"), ("sensitiveFields", "note"), ("safeFields", ""));
        var project = await app.WithDbAsync(db => db.Projects.SingleAsync(p => p.Id == projectId));
        (project.FingerprintRules, project.SensitiveFields, project.ScrubIpAddresses).ShouldBe(("type:TimeoutError -> timeouts", "note", false));
        var page = await (await browser.Client.GetAsync($"/projects/{projectId}/settings")).Content.ReadAsStringAsync();
        page.ShouldContain("type:TimeoutError -&gt; timeouts");

        // A token is created by the page's own form and its secret shown in that answer only.
        var tokens = await (await browser.Client.GetAsync("/settings/tokens")).Content.ReadAsStringAsync();
        tokens.ShouldContain("You have no API tokens.");
        var created = await browser.PostFormAsync("/settings/tokens", ("_handler", "create-token"), ("Form.Name", "deploy script"), ("Form.Scopes", "project:read"));
        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        var secret = System.Text.RegularExpressions.Regex.Match(await created.Content.ReadAsStringAsync(), "<code id=\"new-token\">([^<]+)</code>").Groups[1].Value;
        secret.ShouldStartWith("bsg_");
        var withToken = app.ClientWithToken(secret);
        (await withToken.GetAsync($"/api/v1/projects/{projectId}/issues")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await (await browser.Client.GetAsync("/settings/tokens")).Content.ReadAsStringAsync();
        again.ShouldContain("deploy script");
        again.ShouldNotContain(secret);

        var tokenId = await app.WithDbAsync(db => db.ApiTokens.Select(t => t.Id).SingleAsync());
        (await browser.PostFormAsync($"/dashboard/tokens/{tokenId}/revoke")).Headers.Location!.OriginalString.ShouldBe("/settings/tokens");
        (await withToken.GetAsync($"/api/v1/projects/{projectId}/issues")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_admin_invites_by_link_the_invitee_joins_in_the_browser_and_roles_change(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var admin = await DashboardSession.SignInAsync(app);
        var (projectId, _) = await app.DefaultKeyAsync();
        var orgId = await app.WithDbAsync(db => db.Projects.Where(p => p.Id == projectId).Select(p => p.OrganizationId).SingleAsync());

        var invited = await admin.PostFormAsync($"/projects/{projectId}/settings", ("_handler", "invite"), ("Invite.Email", "dana@example.com"), ("Invite.Role", "viewer"));
        var html = await invited.Content.ReadAsStringAsync();
        var link = System.Text.RegularExpressions.Regex.Match(html, "<code id=\"invitation-link\">([^<]+)</code>").Groups[1].Value;
        link.ShouldContain("/invitations/");
        var path = new Uri(link).AbsolutePath;

        // The invitee opens the link in a browser with no account yet.
        var invitee = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var joinPage = await (await invitee.GetAsync(path)).Content.ReadAsStringAsync();
        joinPage.ShouldContain("dana@example.com");
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = DashboardSession.FormToken(joinPage), ["_handler"] = "accept-invitation", ["Form.Name"] = "Dana", ["Form.Password"] = "short" };
        (await (await invitee.PostAsync(path, new FormUrlEncodedContent(form))).Content.ReadAsStringAsync()).ShouldContain("at least 10 characters");
        form["Form.Password"] = "dana-password-123";
        var joined = await invitee.PostAsync(path, new FormUrlEncodedContent(form));
        joined.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await invitee.GetAsync($"/projects/{projectId}/issues")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await invitee.GetAsync(path)).Content.ReadAsStringAsync()).ShouldContain("invalid, used or expired");

        var dana = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "dana@example.com"));
        (await app.WithDbAsync(db => db.Memberships.SingleAsync(m => m.UserId == dana.Id))).Role.ShouldBe("viewer");
        var changed = await admin.PostFormAsync($"/dashboard/organizations/{orgId}/members/{dana.Id}", ("action", "role"), ("role", "member"), ("returnUrl", $"/projects/{projectId}/settings"));
        changed.Headers.Location!.OriginalString.ShouldContain("done=");
        (await app.WithDbAsync(db => db.Memberships.SingleAsync(m => m.UserId == dana.Id))).Role.ShouldBe("member");
        // The last owner cannot be demoted: the API's rule, said on the page.
        var adminId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == BugSageFactory.AdminEmail).Select(u => u.Id).SingleAsync());
        var refused = await admin.PostFormAsync($"/dashboard/organizations/{orgId}/members/{adminId}", ("action", "role"), ("role", "viewer"), ("returnUrl", $"/projects/{projectId}/settings"));
        Uri.UnescapeDataString(refused.Headers.Location!.OriginalString).ShouldContain("at least one owner");
        (await admin.PostFormAsync($"/dashboard/organizations/{orgId}/members/{dana.Id}", ("action", "remove"), ("returnUrl", $"/projects/{projectId}/settings")))
            .Headers.Location!.OriginalString.ShouldContain("done=");
        (await app.WithDbAsync(db => db.Memberships.CountAsync(m => m.UserId == dana.Id))).ShouldBe(0);
    }
}
