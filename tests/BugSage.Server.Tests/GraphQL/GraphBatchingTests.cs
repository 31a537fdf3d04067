using BugSage.Core.Data;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.GraphQL;

/// <summary>Nested fields of a list are loaded in batches: the database work of a page does not grow with its rows.</summary>
public class GraphBatchingTests
{
    private const string Page = """
        query($p: ID!, $l: Int) { issues(projectId: $p, limit: $l) { nodes {
            id title
            project { slug organization { slug } }
            assignee { email }
            latestEvent { eventId }
            analysis { status }
        } } }
        """;

    [Theory, SqliteData, PostgresData]
    public async Task Fifty_issues_with_nested_fields_cost_as_many_queries_as_five(string provider)
    {
        var counter = new DbCommandCounter();
        await using var app = await BugSageFactory.CreateAsync(provider, services: s => s.ConfigureDbContext<AppDbContext>(b => b.AddInterceptors(counter)));
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        for (var i = 0; i < 50; i++)
        {
            var id = Envelopes.NewEventId();
            (await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id, function: "throwSite" + i, line: i + 1)))).EnsureSuccessStatusCode();
        }
        await app.DigestAsync();
        var api = await app.SignedInClientAsync();
        var adminId = await app.WithDbAsync(db => db.Users.Select(u => u.Id).SingleAsync());
        await app.WithDbAsync(db => db.Issues.ExecuteUpdateAsync(s => s.SetProperty(i => i.AssigneeId, adminId)));
        var issueIds = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).ToListAsync());
        issueIds.Count.ShouldBe(50);
        // Every other one analysed, so the analysis batch has rows to find on any page.
        foreach (var issueId in issueIds.Where((_, i) => i % 2 == 0)) (await api.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).IsSuccessStatusCode.ShouldBeTrue();

        async Task<int> CommandsFor(int limit)
        {
            await api.GraphAsync("{ me { email } }"); // warm the caller's sign-in path so both runs start alike
            counter.Reset();
            var nodes = (await api.GraphAsync(Page, new { p = projectId, l = limit })).Ok()["issues"]!["nodes"]!.AsArray();
            var commands = counter.Count;
            nodes.Count.ShouldBe(limit);
            nodes.ShouldAllBe(n => n!["assignee"]!["email"]!.ToString() == BugSageFactory.AdminEmail && n["latestEvent"]!["eventId"] != null
                && n["project"]!["organization"]!["slug"]!.ToString() == "default");
            nodes.Count(n => n!["analysis"] != null).ShouldBeGreaterThan(0);
            return commands;
        }

        var five = await CommandsFor(5);
        var fifty = await CommandsFor(50);
        fifty.ShouldBe(five, $"5 issues took {five} commands, 50 took {fifty}");
        fifty.ShouldBeLessThan(20);
    }
}
