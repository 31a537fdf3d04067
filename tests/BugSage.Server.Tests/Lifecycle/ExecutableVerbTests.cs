using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Lifecycle;

/// <summary>The built executable's verbs beside a running server, as an operator types them.</summary>
public class ExecutableVerbTests
{
    [Fact]
    public async Task The_executable_backs_up_a_running_server_and_a_server_started_on_the_restore_has_every_event()
    {
        var source = Directory.CreateTempSubdirectory("bugsage-exe-source-").FullName;
        var backup = Path.Combine(Path.GetTempPath(), "bugsage-exe-backup-" + Guid.NewGuid().ToString("N"));
        var restored = Path.Combine(Path.GetTempPath(), "bugsage-exe-restored-" + Guid.NewGuid().ToString("N"));
        try
        {
            var sent = new List<string>();
            long projectId;
            await using (var server = await ServerProcess.StartAsync(source))
            {
                using var client = new HttpClient { BaseAddress = server.BaseAddress };
                (projectId, var key) = await DefaultKeyAsync(client);
                for (var i = 0; i < 20; i++)
                {
                    var id = Envelopes.NewEventId();
                    (await Envelopes.PostAsync(client, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id)))).StatusCode.ShouldBe(HttpStatusCode.OK);
                    sent.Add(id);
                }
                var (code, output) = await RunAsync("backup", "--to", backup, "--with-key", $"--BugSage:DataDirectory={source}");
                code.ShouldBe(0, output);
                output.ShouldContain("backup written to");
            }

            var (restoreCode, restoreOutput) = await RunAsync("restore", "--from", backup, $"--BugSage:DataDirectory={restored}");
            restoreCode.ShouldBe(0, restoreOutput);
            await using var again = await ServerProcess.StartAsync(restored);
            using var reader = new HttpClient { BaseAddress = again.BaseAddress };
            reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(reader));
            // The restored server digests what its inbox still held; poll until every event is there.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            var missing = sent.ToList();
            while (missing.Count > 0 && DateTime.UtcNow < deadline)
            {
                var found = new List<string>();
                foreach (var id in missing)
                    if ((await reader.GetAsync($"/api/v1/projects/{projectId}/events/{id}")).StatusCode == HttpStatusCode.OK) found.Add(id);
                missing.RemoveAll(found.Contains);
                if (missing.Count > 0) await Task.Delay(200);
            }
            missing.ShouldBeEmpty();
        }
        finally
        {
            foreach (var dir in new[] { source, backup, restored })
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Runs <c>dotnet BugSage.Server.dll</c> with the arguments; its exit code and everything it printed.</summary>
    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "BugSage.Server.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<string> TokenAsync(HttpClient client)
    {
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = BugSageFactory.AdminEmail, password = BugSageFactory.AdminPassword });
        return (await login.ReadJsonAsync())["accessToken"].Str();
    }

    private static async Task<(long ProjectId, string Key)> DefaultKeyAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects/1/keys");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(client));
        var keys = await (await client.SendAsync(request)).ReadJsonAsync();
        return (1, keys.Items()[0]!["publicKey"].Str());
    }
}
