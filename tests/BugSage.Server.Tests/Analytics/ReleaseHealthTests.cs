using System.Net;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Analytics;

/// <summary>Release health: SDKs' session items become sessions, crash-free sessions and crash-free users by release.</summary>
public class ReleaseHealthTests
{
    // Noon today rather than a fixed date: the dashboard's sign-in cookie expires by the test's clock, and a client drops a
    // cookie whose expiry has passed by its own.
    private static readonly DateTimeOffset Start = new(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero);

    [Theory, SqliteData, PostgresData]
    public async Task Sessions_and_their_aggregates_answer_crash_free_sessions_and_users_by_release(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        var twoDaysAgo = Start.AddDays(-2).ToString("O");
        var halfHourAgo = Start.AddMinutes(-30).ToString("O");
        static string Attrs(string release) => $"\"attrs\":{{\"release\":\"{release}\",\"environment\":\"production\"}}";
        async Task SendAsync(params (string Type, string Body)[] items)
        {
            var envelope = "{}\n" + string.Concat(items.Select(i => $"{{\"type\":\"{i.Type}\"}}\n{i.Body}\n"));
            (await Envelopes.PostAsync(sdk, projectId, key, envelope)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // app@1.0.0: u1 starts and exits; u2 starts, then crashes; u3 starts and crashes in one update (a day whole inside the
        // range), and a server SDK's aggregate for u4 (in the range's ragged last hours): three exited, one crashed.
        await SendAsync(
            ("session", $"{{\"sid\":\"s1\",\"did\":\"u1\",\"init\":true,\"status\":\"ok\",\"started\":\"{twoDaysAgo}\",{Attrs("app@1.0.0")}}}"),
            ("session", $"{{\"sid\":\"s1\",\"did\":\"u1\",\"init\":false,\"status\":\"exited\",\"started\":\"{twoDaysAgo}\",{Attrs("app@1.0.0")}}}"),
            ("session", $"{{\"sid\":\"s2\",\"did\":\"u2\",\"init\":true,\"status\":\"ok\",\"started\":\"{twoDaysAgo}\",{Attrs("app@1.0.0")}}}"),
            ("session", $"{{\"sid\":\"s2\",\"did\":\"u2\",\"status\":\"crashed\",\"errors\":1,\"started\":\"{twoDaysAgo}\",{Attrs("app@1.0.0")}}}"),
            ("session", $"{{\"sid\":\"s3\",\"did\":\"u3\",\"init\":true,\"status\":\"crashed\",\"started\":\"{twoDaysAgo}\",{Attrs("app@1.0.0")}}}"));
        await SendAsync(("sessions", $"{{\"aggregates\":[{{\"started\":\"{halfHourAgo}\",\"did\":\"u4\",\"exited\":3,\"crashed\":1}}],{Attrs("app@1.0.0")}}}"));
        // app@2.0.0: u1 again, fine. Hostile counts and shapes beside it are dropped or bounded, never an error, and a session
        // that says it started six days ago (a wrong device clock) is left out, as is one that names no release; a count past
        // any real SDK's is cut to a million.
        await SendAsync(
            ("session", $"{{\"sid\":\"s4\",\"did\":\"u1\",\"init\":true,\"status\":\"exited\",\"started\":\"{halfHourAgo}\",{Attrs("app@2.0.0")}}}"),
            ("sessions", $"{{\"aggregates\":[{{\"started\":\"{halfHourAgo}\",\"exited\":1e30,\"crashed\":\"many\"}}],{Attrs("app@2.0.0")}}}"),
            ("sessions", $"{{\"aggregates\":\"none\",{Attrs("app@2.0.0")}}}"),
            ("sessions", $"{{\"aggregates\":[{{\"started\":\"{halfHourAgo}\",\"exited\":9000000000000000000}}],{Attrs("app@9.0.0")}}}"),
            ("session", $"{{\"sid\":\"s6\",\"did\":\"u8\",\"init\":true,\"status\":\"crashed\",\"started\":\"{halfHourAgo}\",\"attrs\":{{}}}}"),
            ("session", $"{{\"sid\":\"s5\",\"did\":\"u9\",\"init\":true,\"status\":\"crashed\",\"started\":\"{Start.AddDays(-6):O}\",{Attrs("app@2.0.0")}}}"),
            ("session", "[1,2,3]"),
            // One crash in a hundred thousand sessions is not 100% crash-free, though it rounds to it.
            ("sessions", $"{{\"aggregates\":[{{\"started\":\"{halfHourAgo}\",\"exited\":99999,\"crashed\":1}}],{Attrs("app@4.0.0")}}}"));
        await app.DigestAsync();

        var query = $"from={Uri.EscapeDataString(Start.AddDays(-7).ToString("O"))}&to={Uri.EscapeDataString(Start.AddHours(1).ToString("O"))}";
        var releases = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?{query}"))["releases"]!.AsArray()
            .ToDictionary(r => r!["release"].Str()!, r => r!);
        var first = releases["app@1.0.0"];
        (first["sessions"].Long(), first["crashFreeSessions"]!.GetValue<double>(), first["crashFreeUsers"]!.GetValue<double>())
            .ShouldBe((7L, 57.14, 25.0), "7 sessions, 3 crashed; users u1..u4, of whom u2, u3 and u4 crashed");
        var second = releases["app@2.0.0"];
        (second["sessions"].Long(), second["crashFreeSessions"]!.GetValue<double>(), second["crashFreeUsers"]!.GetValue<double>()).ShouldBe((1L, 100.0, 100.0),
            "u9's session of six days ago is not counted, though the range covers it");
        releases["app@9.0.0"]["sessions"].Long().ShouldBe(1_000_000);
        releases["app@4.0.0"]["crashFreeSessions"]!.GetValue<double>().ShouldBe(99.99);
        releases.Keys.ShouldBe(["app@1.0.0", "app@2.0.0", "app@9.0.0", "app@4.0.0"], ignoreOrder: true, "the session without a release counts nowhere");
        (await app.WithDbAsync(db => db.SessionHours.CountAsync(h => h.Release == ""))).ShouldBe(0);

        // Narrowed to the ragged hours alone (from the last midnight), only the aggregate and u1's second session remain.
        var late = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?from={Uri.EscapeDataString(new DateTimeOffset(Start.Date, TimeSpan.Zero).ToString("O"))}&to={Uri.EscapeDataString(Start.AddHours(1).ToString("O"))}"))["releases"]!.AsArray()
            .ToDictionary(r => r!["release"].Str()!, r => r!);
        (late["app@1.0.0"]["sessions"].Long(), late["app@1.0.0"]["crashFreeUsers"]!.GetValue<double>()).ShouldBe((4L, 0.0), "u4's only sessions: one crashed");
        // Another environment has none; a release with events but no sessions says so with nulls.
        var staging = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?{query}&environment=staging"))["releases"]!.AsArray();
        staging.ShouldBeEmpty();
        await app.SendErrorsAsync("loadUser", 1, Start.AddHours(-1), release: "app@3.0.0");
        var third = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?{query}"))["releases"]!.AsArray().Single(r => r!["release"].Str() == "app@3.0.0")!;
        (third["sessions"].Long(), third["crashFreeSessions"], third["crashFreeUsers"]).ShouldBe((0L, (JsonNode?)null, (JsonNode?)null));
        // The Analytics page shows the same figures for the releases with sessions, and leaves out those without.
        var browser = await DashboardSession.SignInAsync(app);
        var html = WebUtility.HtmlDecode(await (await browser.Client.GetAsync($"/projects/{projectId}/analytics?days=7")).Content.ReadAsStringAsync());
        var health = Regex.Replace(html.Split("data-table=\"release-health\"")[1].Split("</table>")[0], @">\s+<", "><");
        health.ShouldContain("<th scope=\"row\" class=\"mono\">app@1.0.0</th><td>7</td><td>57.14%</td><td>25%</td>");
        health.ShouldContain("<th scope=\"row\" class=\"mono\">app@2.0.0</th><td>1</td><td>100%</td><td>100%</td>");
        health.ShouldNotContain("app@3.0.0");
        // Every item is still counted: thirteen accepted, the one that was not JSON object dropped as invalid.
        (await app.WithDbAsync(db => db.ItemOutcomes.Where(o => o.Category == "session" || o.Category == "sessions")
            .Select(o => new { o.Outcome, o.Quantity }).ToListAsync())).GroupBy(o => o.Outcome).ToDictionary(g => g.Key, g => g.Sum(o => o.Quantity))
            .ShouldBe(new Dictionary<string, long> { ["accepted"] = 13, ["server_discard"] = 1 }, ignoreOrder: true);
    }
}
