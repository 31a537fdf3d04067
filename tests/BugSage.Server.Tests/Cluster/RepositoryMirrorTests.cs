using System.Net;
using BugSage.Core.Analysis.Source;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Cluster;

/// <summary>
/// Each node keeps its own clone of a linked repository and fetches it at most every five minutes. A fix session may
/// run on one node and be applied through another, whose clone predates the commit the session worked on.
/// </summary>
public sealed class RepositoryMirrorTests : IDisposable
{
    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    [Theory, SqliteData]
    public async Task Apply_fetches_the_sessions_revision_when_this_nodes_clone_predates_it(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git);
        // The repository is a remote, cloned into this node's data directory.
        await using var daemon = await GitDaemon.ServeAsync(git);
        await app.WithDbAsync(db => db.Repositories.ExecuteUpdateAsync(r => r.SetProperty(x => x.Path, (string?)null).SetProperty(x => x.Url, daemon.Url())));
        var started = await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var sessionId = (await started.ReadJsonAsync())["id"].Long();
        await app.RunFixSessionsAsync();
        (await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}"))["status"].Str().ShouldBe("awaiting_approval");

        // Meanwhile the team pushed a commit, and another node, fetching after it, ran the session on that commit.
        git.Commit("Document the average", ("README.md", "Averages of numbers.\n"));
        daemon.Publish(git);
        var newer = git.Git("rev-parse", "HEAD").Trim();
        await app.WithDbAsync(db => db.FixSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Revision, newer)));
        var repository = await app.WithDbAsync(db => db.Repositories.AsNoTracking().SingleAsync());
        var sources = app.Services.GetRequiredService<SourceResolver>();
        var clone = (await sources.WorkingCopyAsync(repository, CancellationToken.None))!;
        Git(clone, "cat-file", "-t", newer).ExitCode.ShouldNotBe(0, "this node's clone was fetched before the push");

        (await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var applied = await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/apply", new { });
        applied.StatusCode.ShouldBe(HttpStatusCode.OK, await applied.Content.ReadAsStringAsync());
        var commit = (await applied.ReadJsonAsync())["commit"].Str();
        Git(clone, "rev-parse", commit + "^").Output.Trim().ShouldBe(newer, "the fix is committed on the session's revision");
        Git(clone, "show", commit + ":README.md").Output.ShouldBe("Averages of numbers.\n");
        Git(clone, "show", commit + ":calc.py").Output.ShouldContain("if not values:");
    }

    [Theory, SqliteData]
    public async Task A_revision_the_remote_no_longer_has_is_a_stated_conflict(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git);
        await using var daemon = await GitDaemon.ServeAsync(git);
        await app.WithDbAsync(db => db.Repositories.ExecuteUpdateAsync(r => r.SetProperty(x => x.Path, (string?)null).SetProperty(x => x.Url, daemon.Url())));
        var sessionId = (await (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();
        await app.RunFixSessionsAsync();
        var gone = new string('e', 40);
        await app.WithDbAsync(db => db.FixSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Revision, gone)));

        (await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var applied = await api.PostJsonAsync($"/api/v1/fix-sessions/{sessionId}/apply", new { });
        applied.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await applied.Content.ReadAsStringAsync()).ShouldContain("no longer holds revision eeeeeeeeeeee");
        (await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}"))["status"].Str().ShouldBe("approved");
    }

    private static (int ExitCode, string Output) Git(string directory, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["-C", directory, .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
