using System.Net;
using BugSage.Core.Analysis;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Analysis;

/// <summary>A linked repository gives an analysis the culprit's source at the event's release and the commit that last changed the line.</summary>
public class SourceContextTests
{
    [Fact]
    public async Task The_analysis_reads_the_release_source_and_names_the_suspect_commit()
    {
        using var git = new TestRepository()
            .CommitAs("Ada", "Add users", ("src/users.js", "const users = {};\n\nfunction getUser(id) {\n  return users[id] && users[id].name;\n}\n"))
            .CommitAs("Linus", "Simplify getUser", ("src/users.js", "const users = {};\n\nfunction getUser(id) {\n  return users[id].name;\n}\n"));
        git.Git("tag", "v1.0.0");
        git.CommitAs("Grace", "Guard unknown ids", ("src/users.js", "const users = {};\n\nfunction getUser(id) {\n  return users[id]?.name ?? null;\n}\n"));
        var repo = git.Path;

        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        (await api.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new { name = "shop", url = "--upload-pack=touch /tmp/pwned" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new { name = "shop", path = "relative/dir" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var linked = await api.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new
        {
            name = "shop", path = repo, branch = "main", testCommand = "npm test",
            pathMappings = new[] { new { from = "/srv/app/", to = "" } },
        });
        linked.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await api.GetJsonAsync($"/api/v1/projects/{projectId}/repositories")).AsArray().ShouldHaveSingleItem()!["pathMappings"]![0]!["from"].Str().ShouldBe("/srv/app/");

        // The SDK sent no source context: the line comes from the repository at release 1.0.0.
        var eventId = Envelopes.NewEventId();
        await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(eventId, new
        {
            event_id = eventId, platform = "node", release = "shop@1.0.0",
            exception = new { values = new[] { new { type = "TypeError", value = "Cannot read properties of undefined (reading 'name')",
                stacktrace = new { frames = new[] { new { filename = "/srv/app/src/users.js", function = "getUser", lineno = 4, in_app = true } } } } } },
        }));
        await app.DigestAsync();
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        (await api.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).EnsureSuccessStatusCode();
        await app.Services.GetRequiredService<AnalysisWorker>().RunQueuedAsync(CancellationToken.None);

        var result = await api.GetJsonAsync($"/api/v1/issues/{issueId}/analysis");
        var evidence = result["rootCause"]!["evidence"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        evidence.ShouldContain("source: return users[id].name;");
        evidence.ShouldContain("failing expression: users[id]");
        evidence.ShouldContain(e => e.StartsWith("src/users.js:4 in shop at ", StringComparison.Ordinal) && e.EndsWith("(the event's release)", StringComparison.Ordinal));
        evidence.ShouldContain(e => e.Contains("by Linus", StringComparison.Ordinal) && e.EndsWith("last changed this line: Simplify getUser", StringComparison.Ordinal));
        evidence.ShouldNotContain(e => e.Contains("Grace", StringComparison.Ordinal));
    }
}
