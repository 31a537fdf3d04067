using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Analysis;

/// <summary>The autofix policy: defaults, validation, conflicts, admins only, and no lost updates.</summary>
public class AutofixPolicyTests
{
    private const string Url = "/api/v1/config/autofix-policy";

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, object policy, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, Url) { Content = JsonContent.Create(policy, options: JsonSerializerOptions.Web) };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Defaults_then_validated_audited_changes_that_never_overwrite_each_other(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var admin = await app.SignedInClientAsync();

        var read = await admin.GetAsync(Url);
        read.Headers.ETag!.Tag.ShouldBe("\"v0\"");
        var body = await read.ReadJsonAsync();
        body["isDefault"]!.GetValue<bool>().ShouldBeTrue();
        body["policy"]!["automationCeiling"].Str().ShouldBe("analysis");
        body["policy"]!["requireValidation"]!.GetValue<bool>().ShouldBeTrue();

        var good = new { enabled = true, analysisFloor = 0.2, codeChangeFloor = 0.5, pullRequestFloor = 0.9, automationCeiling = "code", minimumEvents = 5, maxAutomaticRunsPerHour = 10, requireValidation = true, enabledAgents = new[] { "offline" }, approvers = "admins" };
        (await PutAsync(admin, good, null)).StatusCode.ShouldBe((HttpStatusCode)428);
        (await PutAsync(admin, good, "\"v0\"")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync(Url)).Headers.ETag!.Tag.ShouldBe("\"v1\"");
        // A second admin still holding v0 cannot overwrite the first one's change.
        (await PutAsync(admin, new { automationCeiling = "none" }, "\"v0\"")).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        (await admin.GetJsonAsync(Url))["policy"]!["approvers"].Str().ShouldBe("admins");

        var outOfRange = await PutAsync(admin, new { analysisFloor = 1.5 }, "\"v1\"");
        outOfRange.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await outOfRange.Content.ReadAsStringAsync()).ShouldContain("analysisFloor");
        (await PutAsync(admin, new { analysisFloor = 0.8, codeChangeFloor = 0.5 }, "\"v1\"")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var unknownAgent = await PutAsync(admin, new { enabledAgents = new[] { "offline", "gpt-imaginary" } }, "\"v1\"");
        unknownAgent.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknownAgent.Content.ReadAsStringAsync()).ShouldContain("gpt-imaginary");
        var unsafePullRequests = await PutAsync(admin, new { automationCeiling = "pull-request", requireValidation = false }, "\"v1\"");
        unsafePullRequests.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await unsafePullRequests.Content.ReadAsStringAsync()).ShouldContain("need validation");
        (await admin.GetAsync(Url)).Headers.ETag!.Tag.ShouldBe("\"v1\"");
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "autofix_policy.changed"))).ShouldBe(1);

        // Members read it; only admins change it; other tenants see nothing.
        var (member, _, _) = await app.NewTenantAsync("member@example.com");
        var orgId = await app.DefaultOrganizationAsync();
        (await admin.PostJsonAsync($"/api/v1/organizations/{orgId}/members", new { email = "member@example.com", role = "member" })).EnsureSuccessStatusCode();
        (await member.GetAsync($"{Url}?organizationId={orgId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var request = new HttpRequestMessage(HttpMethod.Put, $"{Url}?organizationId={orgId}") { Content = JsonContent.Create(good, options: JsonSerializerOptions.Web) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");
        (await member.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var (stranger, _, _) = await app.NewTenantAsync("stranger@example.com");
        (await stranger.GetAsync($"{Url}?organizationId={orgId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
