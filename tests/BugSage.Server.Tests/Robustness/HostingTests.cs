using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Robustness;

/// <summary>What the host does for every feature: surprises become a 500 problem with a trace id, readiness tells a backed-up queue, and tokens outlive a restart.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task A_surprise_is_answered_500_as_a_problem_with_a_trace_id()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        await app.SendErrorsAsync("getUser", 1);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var api = await app.SignedInClientAsync();
        // The analyses' table is gone: reading them throws where no handler expects it.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE issue_analyses"));

        var response = await api.GetAsync($"/api/v1/issues/{issueId}/analyses");

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.ReadJsonAsync();
        (problem["status"]!.GetValue<int>(), problem["title"].Str(), problem["detail"].Str())
            .ShouldBe((500, "An unexpected error occurred", "The error was logged; quote the traceId when reporting it."));
        problem["traceId"].Str().ShouldNotBeNullOrWhiteSpace();
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("issue_analyses", Case.Insensitive, "the cause stays in the log");
    }

    [Fact]
    public async Task Readiness_reports_the_queue_degraded_while_its_backlog_is_over_the_bound()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Ingestion:MaxInboxBacklogBytes"] = (1024 * 1024).ToString() });
        var (projectId, key) = await app.DefaultKeyAsync();
        var client = app.CreateClient();
        (await client.GetJsonAsync("/health/ready"))["checks"]!["queue"]!["status"].Str().ShouldBe("Healthy");
        var filler = new string('f', 60 * 1024);
        HttpResponseMessage response;
        do response = await Envelopes.PostAsync(client, projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message = "fill", extra = new { filler } }));
        while (response.StatusCode == HttpStatusCode.OK);

        var queue = (await client.GetJsonAsync("/health/ready"))["checks"]!["queue"]!;
        (queue["status"].Str(), queue["description"].Str()).ShouldBe(("Degraded", "The inbox backlog is over its bound; ingestion answers 429."));

        await app.DigestAsync();
        (await client.GetJsonAsync("/health/ready"))["checks"]!["queue"]!["status"].Str().ShouldBe("Healthy");
    }

    [Fact]
    public async Task An_access_token_signed_before_a_restart_is_accepted_after_it()
    {
        var directory = Path.Combine(Path.GetTempPath(), "bugsage-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            string token;
            await using (var before = await BugSageFactory.CreateAsync("sqlite", dataDirectory: directory))
                token = await before.AccessTokenAsync();

            await using var after = await BugSageFactory.CreateAsync("sqlite", dataDirectory: directory);
            var me = await after.ClientWithToken(token).GetAsync("/api/v1/me");
            me.StatusCode.ShouldBe(HttpStatusCode.OK, "the signing key is kept in the database, not in memory");
            (await after.ClientWithToken(token + "x").GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
