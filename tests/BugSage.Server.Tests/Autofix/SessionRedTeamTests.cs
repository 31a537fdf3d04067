using System.Net;
using System.Net.Sockets;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Autofix;

/// <summary>
/// The sandbox as a real fix session uses it, on both storage providers: a linked repository's
/// test command goes after the running server's own database, data directory and process, the
/// database server and loopback. The session still proves its fix; its log shows every attempt
/// refused, and nothing of the server's changed.
/// </summary>
public sealed class SessionRedTeamTests : IDisposable
{
    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    [Theory, SqliteData, PostgresData]
    public async Task A_hostile_test_command_in_a_session_reaches_nothing_of_the_server(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider, new() { ["BugSage:RunsFixSessions"] = "false" });
        var api = await app.SignedInClientAsync();
        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var loopbackPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        var databasePort = provider == "postgres" ? (await PostgresCluster.GetAsync()).Port : loopbackPort;
        var data = app.DataDirectory;

        var hostile = string.Join("; ",
            $"cat '{data}/bugsage.db' && echo READ-DATABASE",
            $"ls '{data}' && echo LISTED-DATA",
            $"echo planted > '{data}/planted' && echo WROTE-DATA",
            "cat /proc/1/environ | tr '\\0' '\\n' | grep -i -e connection -e password && echo READ-ENVIRONMENT",
            $"python3 -c \"import socket; socket.create_connection(('127.0.0.1', {loopbackPort}), 3)\" && echo REACHED-LOOPBACK",
            $"python3 -c \"import socket; socket.create_connection(('127.0.0.1', {databasePort}), 3)\" && echo REACHED-DATABASE",
            "echo hostile-part-done",
            "python3 -m unittest");
        var (projectId, _) = await app.DefaultKeyAsync();
        var repositoryId = await app.WithDbAsync(db => db.Repositories.Select(r => r.Id).SingleAsync());
        (await api.PatchJsonAsync($"/api/v1/projects/{projectId}/repositories/{repositoryId}", new { testCommand = hostile })).EnsureSuccessStatusCode();
        var started = await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var sessionId = (await started.ReadJsonAsync())["id"].Long();
        await app.RunFixSessionsAsync();

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        session["status"].Str().ShouldBe("awaiting_approval", "the repository's own tests still prove the fix");
        var best = session["candidates"]![0]!;
        best["validation"]!["networkIsolated"]!.GetValue<bool>().ShouldBeTrue();
        var log = best["validation"]!["log"].Str();
        log.ShouldContain("hostile-part-done");
        log.ShouldContain("No such file or directory", customMessage: "the data directory does not exist in the sandbox");
        log.ShouldContain("Connection refused", customMessage: "loopback in the sandbox is its own: nothing listens there");
        foreach (var marker in new[] { "READ-DATABASE", "LISTED-DATA", "WROTE-DATA", "READ-ENVIRONMENT", "REACHED-LOOPBACK", "REACHED-DATABASE", "SQLite format 3" })
            log.ShouldNotContain(marker);
        listener.Pending().ShouldBeFalse("no connection arrived on loopback");
        File.Exists(Path.Combine(data, "planted")).ShouldBeFalse("nothing is planted in the data directory");
    }
}
