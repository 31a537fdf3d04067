using System.Net;
using BugSage.Core.Grouping;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Api;

/// <summary>A project's fingerprint rules and scrubbing settings: validated, audited, and followed by the next events.</summary>
public class ProjectSettingsTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Rules_and_scrubbing_are_validated_saved_and_applied_to_new_events(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, key) = await app.DefaultKeyAsync();
        var api = await app.SignedInClientAsync();
        var url = $"/api/v1/projects/{projectId}";

        var bad = await api.PatchJsonAsync(url, new { fingerprintRules = "type:TypeError -> users\nthis is not a rule" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("this is not a rule");
        (await api.GetJsonAsync(url))["fingerprintRules"].ShouldBeNull();

        var ok = await api.PatchJsonAsync(url, new { fingerprintRules = "# group all lookups\nfunction:get* -> user-lookups", sensitiveFields = "note", scrubIpAddresses = true });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        var saved = await api.GetJsonAsync(url);
        saved["fingerprintRules"].Str().ShouldBe("# group all lookups\nfunction:get* -> user-lookups");
        saved["sensitiveFields"].Str().ShouldBe("note");
        saved["scrubIpAddresses"]!.GetValue<bool>().ShouldBeTrue();

        // The next events follow: two throw sites grouped by the rule, "note" and the IP scrubbed.
        await app.SendErrorsAsync("getUser", 1);
        await app.SendErrorsAsync("getOrder", 1);
        (await app.WithDbAsync(db => db.Issues.CountAsync())).ShouldBe(1);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var latest = await api.GetJsonAsync($"/api/v1/issues/{issueId}/events/latest");
        latest["event"]!["extra"]!["note"].Str().ShouldBe("[Filtered]");
        latest["event"]!["user"]!["ipAddress"].ShouldBeNull();
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "project.settings_changed"))).ShouldBe(1);

        var (intruder, _, _) = await app.NewTenantAsync("intruder@example.com");
        (await intruder.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Over_long_rules_and_NUL_characters_are_refused_not_stored(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        var api = await app.SignedInClientAsync();
        var url = $"/api/v1/projects/{projectId}";

        var overLong = "message:\"*" + new string('a', FingerprintRule.MaxLineLength) + "*\" -> long";
        var tooLong = await api.PatchJsonAsync(url, new { fingerprintRules = "type:TypeError -> users\n" + overLong });
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooLong.Content.ReadAsStringAsync()).ShouldContain($"at most {FingerprintRule.MaxLineLength:N0} characters");

        foreach (var change in new object[] { new { fingerprintRules = "type:A\u0000 -> a" }, new { sensitiveFields = "note\u0000" }, new { name = "p\u0000" } })
            (await api.PatchJsonAsync(url, change)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var saved = await api.GetJsonAsync(url);
        saved["fingerprintRules"].ShouldBeNull();
        saved["sensitiveFields"].ShouldBeNull();

        // The dashboard's form goes through the same validation.
        var browser = await DashboardSession.SignInAsync(app);
        var rejected = await browser.PostFormAsync($"/dashboard/projects/{projectId}/settings", ("section", "grouping"), ("fingerprintRules", overLong));
        rejected.Headers.Location!.OriginalString.ShouldContain("error=");
        (await app.WithDbAsync(db => db.Projects.SingleAsync(p => p.Id == projectId))).FingerprintRules.ShouldBeNull();
    }
}
