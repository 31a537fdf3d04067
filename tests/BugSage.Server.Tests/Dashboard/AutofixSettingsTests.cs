using System.Net;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Dashboard;

/// <summary>
/// The autofix settings page: linking a repository with its secrets, adding and switching models,
/// and the policy form, each through the API's own operation (validation, encryption, audit).
/// </summary>
public sealed class AutofixSettingsTests : IDisposable
{
    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task Repositories_models_and_the_policy_are_set_from_the_page()
    {
        git.Commit("start", ("calc.py", "def f():\n    return 1\n"));
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, _) = await app.DefaultKeyAsync();
        var browser = await DashboardSession.SignInAsync(app);
        var page = $"/projects/{projectId}/settings/autofix";
        (await browser.Client.GetStringAsync(page)).ShouldContain("No repository is linked");
        (await browser.Client.GetStringAsync($"/projects/{projectId}/settings")).ShouldContain($"href=\"{page}\"");

        // A repository: a relative path is refused with the API's reason; a real one is linked with its secrets encrypted.
        var refused = await browser.PostFormAsync($"/dashboard/projects/{projectId}/repositories", ("name", "shop"), ("source", "relative/path"));
        Uri.UnescapeDataString(refused.Headers.Location!.OriginalString).ShouldContain("url: an https, http, ssh or git URL");
        var linked = await browser.PostFormAsync($"/dashboard/projects/{projectId}/repositories",
            ("name", "shop"), ("source", git.Path), ("mapFrom", "/srv/app/"), ("restoreCommand", "pip install --target .deps -r requirements.txt"), ("testCommand", "python3 -m unittest"),
            ("accessToken", "ghp_page_token"), ("webhookSecret", "page-secret"));
        linked.Headers.Location!.OriginalString.ShouldBe(page);
        var repository = await app.WithDbAsync(db => db.Repositories.SingleAsync());
        (repository.Path, repository.RestoreCommand, repository.TestCommand, repository.PathMappings)
            .ShouldBe((git.Path, "pip install --target .deps -r requirements.txt", "python3 -m unittest", """[{"from":"/srv/app/","to":""}]"""));
        repository.AccessTokenProtected.ShouldNotBeNull().ShouldNotContain("ghp_page_token");
        var shown = await browser.Client.GetStringAsync(page);
        shown.ShouldContain($"api/v1/integrations/github/repositories/{repository.Id}/webhook");
        shown.ShouldNotContain("ghp_page_token");
        shown.ShouldContain("<dt>Restore</dt><dd class=\"mono\">pip install --target .deps -r requirements.txt</dd>");
        await browser.PostFormAsync($"/dashboard/projects/{projectId}/repositories/{repository.Id}", ("remove", "accessToken"));
        (await app.WithDbAsync(db => db.Repositories.Select(r => r.AccessTokenProtected).SingleAsync())).ShouldBeNull();

        // A model, switched off and on.
        (await browser.PostFormAsync($"/dashboard/projects/{projectId}/models", ("name", "local"), ("provider", "openai"), ("endpoint", "http://127.0.0.1:9/v1"),
            ("model", "llama"), ("apiKey", "sk-page-key"), ("inputPricePer1k", "0.5"))).Headers.Location!.OriginalString.ShouldBe(page);
        var model = await app.WithDbAsync(db => db.AiModels.SingleAsync());
        (model.Name, model.InputPricePer1k, model.Enabled).ShouldBe(("local", 0.5m, true));
        model.ApiKeyProtected.ShouldNotBeNull().ShouldNotContain("sk-page-key");
        await browser.PostFormAsync($"/dashboard/projects/{projectId}/models/{model.Id}", ("action", "disable"));
        (await app.WithDbAsync(db => db.AiModels.Select(m => m.Enabled).SingleAsync())).ShouldBeFalse();

        // The policy: saved against the version the page showed; a second save from the same stale page is refused.
        (string, string)[] policy =
        [
            ("version", "0"), ("enabled", "true"), ("automationCeiling", "code"), ("analysisFloor", "0.3"), ("codeChangeFloor", "0.6"), ("pullRequestFloor", "0.9"),
            ("minimumEvents", "5"), ("maxAutomaticRunsPerHour", "10"), ("requireValidation", "true"), ("approvers", "admins"), ("enabledAgents", "offline"), ("enabledAgents", "local"),
        ];
        (await browser.PostFormAsync($"/dashboard/projects/{projectId}/autofix-policy", policy)).Headers.Location!.OriginalString.ShouldBe(page);
        var stored = await app.WithDbAsync(db => db.AutofixPolicies.SingleAsync());
        stored.Version.ShouldBe(1);
        stored.Policy.ShouldContain("\"automationCeiling\":\"code\"");
        stored.Policy.ShouldContain("\"enabledAgents\":[\"offline\",\"local\"]");
        var stale = await browser.PostFormAsync($"/dashboard/projects/{projectId}/autofix-policy", policy);
        Uri.UnescapeDataString(stale.Headers.Location!.OriginalString).ShouldContain("The policy changed since you read it");
        (await browser.Client.GetStringAsync(page)).ShouldContain("<option value=\"code\" selected");

        // A conflicting policy is refused with its reason, and nothing changes.
        var unsafePolicy = policy.Select(f => f.Item1 == "version" ? ("version", "1") : f).Where(f => f.Item1 != "requireValidation").ToArray();
        var conflict = await browser.PostFormAsync($"/dashboard/projects/{projectId}/autofix-policy", unsafePolicy);
        Uri.UnescapeDataString(conflict.Headers.Location!.OriginalString).ShouldContain("requireValidation: automatic code changes or pull requests need validation");
        (await app.WithDbAsync(db => db.AutofixPolicies.Select(p => p.Version).SingleAsync())).ShouldBe(1);

        (await browser.PostFormAsync($"/dashboard/projects/{projectId}/repositories/{repository.Id}/unlink")).Headers.Location!.OriginalString.ShouldBe(page);
        (await app.WithDbAsync(db => db.Repositories.CountAsync())).ShouldBe(0);
        (await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action.StartsWith("repository.") || a.Action.StartsWith("autofix_policy.")).Select(a => a.Action).OrderBy(a => a).ToListAsync()))
            .ShouldBe(["autofix_policy.changed", "repository.changed", "repository.linked", "repository.unlinked"]);
    }

    [Fact]
    public async Task A_member_sees_the_settings_but_cannot_change_the_policy_or_models()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, _) = await app.DefaultKeyAsync();
        var admin = await app.SignedInClientAsync();
        var orgId = await app.DefaultOrganizationAsync();
        var invitation = await (await admin.PostJsonAsync($"/api/v1/organizations/{orgId}/invitations", new { email = "member@example.com", role = "member" })).ReadJsonAsync();
        (await app.CreateClient().PostJsonAsync($"/api/v1/invitations/{invitation["token"].Str()}/accept", new { name = "Mem", password = "member-password-123" })).EnsureSuccessStatusCode();
        var member = await DashboardSession.SignInAsync(app, "member@example.com", "member-password-123");

        var page = await member.Client.GetStringAsync($"/projects/{projectId}/settings/autofix");
        page.ShouldContain("Only admins and owners change the policy.");
        page.ShouldNotContain("Add a model");
        var refused = await member.PostFormAsync($"/dashboard/projects/{projectId}/autofix-policy", ("version", "0"), ("automationCeiling", "analysis"),
            ("analysisFloor", "0.3"), ("codeChangeFloor", "0.6"), ("pullRequestFloor", "0.9"), ("minimumEvents", "5"), ("maxAutomaticRunsPerHour", "10"), ("approvers", "members"), ("enabledAgents", "offline"));
        Uri.UnescapeDataString(refused.Headers.Location!.OriginalString).ShouldContain("Only admins and owners change the autofix policy");
        (await app.WithDbAsync(db => db.AutofixPolicies.CountAsync())).ShouldBe(0);
        (await member.PostFormAsync($"/dashboard/projects/{projectId}/models", ("name", "x"), ("provider", "openai"), ("model", "m"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.AiModels.CountAsync())).ShouldBe(0);
    }
}
