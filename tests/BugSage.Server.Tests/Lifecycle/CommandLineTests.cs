using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using BugSage.Server.CommandLine;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Lifecycle;

/// <summary>The executable's verbs, run in this process against a server's data directory.</summary>
public class CommandLineTests
{
    [Fact]
    public async Task Backup_under_load_restores_into_a_fresh_directory_with_every_acknowledged_event()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        var acknowledged = new ConcurrentBag<string>();
        async Task SendAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var id = Envelopes.NewEventId();
                if ((await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, Envelopes.NodeError(id, function: "f" + (i % 4))))).StatusCode == HttpStatusCode.OK)
                    acknowledged.Add(id);
            }
        }
        // Some events digested, some still only in the inbox when the backup starts.
        await SendAsync(40);
        await app.DigestAsync();
        await SendAsync(25);
        var beforeBackup = acknowledged.ToHashSet();

        var backup = Path.Combine(Path.GetTempPath(), "bugsage-backup-" + Guid.NewGuid().ToString("N"));
        var restored = Path.Combine(Path.GetTempPath(), "bugsage-restored-" + Guid.NewGuid().ToString("N"));
        try
        {
            var output = new StringWriter();
            // Ingestion and the digest go on while the backup runs.
            using var stop = new CancellationTokenSource();
            var load = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await SendAsync(5);
                    await app.DigestAsync();
                }
            });
            var code = await ServerCommandLine.RunAsync(["backup", "--to", backup, "--with-key", $"--BugSage:DataDirectory={app.DataDirectory}"], output);
            await stop.CancelAsync();
            await load;
            code.ShouldBe(0, output.ToString());
            output.ToString().ShouldContain($"backup written to {backup}");
            File.Exists(Path.Combine(backup, "bugsage.db")).ShouldBeTrue();

            var restore = new StringWriter();
            (await ServerCommandLine.RunAsync(["restore", "--from", backup, $"--BugSage:DataDirectory={restored}"], restore)).ShouldBe(0, restore.ToString());
            restore.ToString().ShouldContain("the server key came with the backup");
            var again = new StringWriter();
            (await ServerCommandLine.RunAsync(["restore", "--from", backup, $"--BugSage:DataDirectory={restored}"], again)).ShouldBe(1);
            again.ToString().ShouldContain("restore into a fresh data directory");

            await using (var server = await BugSageFactory.CreateAsync("sqlite", dataDirectory: restored))
            {
                await server.DigestAsync();
                var stored = await server.WithDbAsync(db => db.Events.Select(e => e.EventId).ToListAsync());
                stored.Count.ShouldBe(stored.Distinct().Count(), "nothing is stored twice");
                beforeBackup.Except(stored).ShouldBeEmpty("every event acknowledged before the backup began is in it");
                (await (await server.SignedInClientAsync()).GetJsonAsync($"/api/v1/projects/{projectId}/issues")).Items().Count.ShouldBe(4);
                // The restored server takes new events at once.
                var id = Envelopes.NewEventId();
                (await Envelopes.PostAsync(server.CreateClient(), projectId, key, Envelopes.Event(id, Envelopes.NodeError(id)))).StatusCode.ShouldBe(HttpStatusCode.OK);
            }
        }
        finally
        {
            foreach (var dir in new[] { backup, restored })
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Backup_refuses_a_directory_that_is_not_empty_and_leaves_the_key_out_unless_asked()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var target = Directory.CreateTempSubdirectory("bugsage-backup-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(target, "other"), "x");
            var refused = new StringWriter();
            (await ServerCommandLine.RunAsync(["backup", "--to", target, $"--BugSage:DataDirectory={app.DataDirectory}"], refused)).ShouldBe(1);
            refused.ToString().ShouldContain("is not empty");

            var fresh = Path.Combine(target, "fresh");
            var output = new StringWriter();
            (await ServerCommandLine.RunAsync(["backup", "--to", fresh, $"--BugSage:DataDirectory={app.DataDirectory}"], output)).ShouldBe(0, output.ToString());
            File.Exists(Path.Combine(fresh, "secrets.key")).ShouldBeFalse();
            output.ToString().ShouldContain("back up secrets.key");

            var postgres = new StringWriter();
            (await ServerCommandLine.RunAsync(["backup", "--to", Path.Combine(target, "pg"), "--BugSage:Storage:Provider=postgres",
                "--BugSage:Storage:ConnectionString=Host=localhost", $"--BugSage:DataDirectory={app.DataDirectory}"], postgres)).ShouldBe(1);
            postgres.ToString().ShouldContain("pg_dump");
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }

    [Fact]
    public async Task Create_admin_makes_a_server_admin_who_can_sign_in_and_reset_password_ends_every_session()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        string[] data = [$"--BugSage:DataDirectory={app.DataDirectory}"];
        var output = new StringWriter();
        (await ServerCommandLine.RunAsync(["create-admin", "--email", "Ops@Example.com", "--password", "operator-password-1", .. data], output)).ShouldBe(0, output.ToString());
        output.ToString().ShouldContain("ops@example.com: created as a server admin");
        var ops = await app.SignedInClientAsync("ops@example.com", "operator-password-1");
        (await ops.GetJsonAsync("/api/v1/me"))["isServerAdmin"]!.GetValue<bool>().ShouldBeTrue();

        var weak = new StringWriter();
        (await ServerCommandLine.RunAsync(["create-admin", "--email", "x@example.com", "--password", "short", .. data], weak)).ShouldBe(1);
        weak.ToString().ShouldContain("password: at least 10 characters");
        var missing = new StringWriter();
        (await ServerCommandLine.RunAsync(["create-admin", "--email", "x@example.com", .. data], missing)).ShouldBe(1);
        missing.ToString().ShouldContain("--password");

        // A session of the admin's, then the operator resets the password with a generated one.
        var login = await (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = BugSageFactory.AdminEmail, password = BugSageFactory.AdminPassword })).ReadJsonAsync();
        var reset = new StringWriter();
        (await ServerCommandLine.RunAsync(["reset-password", "--email", BugSageFactory.AdminEmail, .. data], reset)).ShouldBe(0, reset.ToString());
        var generated = reset.ToString().Split("shown only this once): ")[1].Trim();
        generated.Length.ShouldBe(20);
        (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = login["refreshToken"].Str() })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = BugSageFactory.AdminEmail, password = BugSageFactory.AdminPassword })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await app.SignedInClientAsync(BugSageFactory.AdminEmail, generated);

        var unknown = new StringWriter();
        (await ServerCommandLine.RunAsync(["reset-password", "--email", "nobody@example.com", "--password", "another-password-1", .. data], unknown)).ShouldBe(1);
        unknown.ToString().ShouldContain("No account with the email 'nobody@example.com'");
    }

    [Fact]
    public async Task Create_admin_and_migrate_work_on_a_data_directory_that_never_started()
    {
        var directory = Path.Combine(Path.GetTempPath(), "bugsage-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            string[] data = [$"--BugSage:DataDirectory={directory}"];
            var migrate = new StringWriter();
            (await ServerCommandLine.RunAsync(["migrate", .. data], migrate)).ShouldBe(0, migrate.ToString());
            migrate.ToString().ShouldContain("applied");
            migrate.ToString().ShouldContain("20261225000028_EventRetention");
            var again = new StringWriter();
            (await ServerCommandLine.RunAsync(["migrate", .. data], again)).ShouldBe(0);
            again.ToString().ShouldContain("the database is up to date");

            var output = new StringWriter();
            (await ServerCommandLine.RunAsync(["create-admin", "--email", "first@example.com", "--password", "first-password-1", .. data], output)).ShouldBe(0, output.ToString());
            output.ToString().ShouldContain("owner of the organization 'default'");
            await using var app = await BugSageFactory.CreateAsync("sqlite", dataDirectory: directory);
            var me = await (await app.SignedInClientAsync("first@example.com", "first-password-1")).GetJsonAsync("/api/v1/me");
            me["isServerAdmin"]!.GetValue<bool>().ShouldBeTrue();
            me["memberships"]!.AsArray().Single()!["role"].Str().ShouldBe("owner");
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Help_lists_every_verb_and_an_unknown_argument_is_refused()
    {
        var help = new StringWriter();
        (await ServerCommandLine.RunAsync(["--help"], help)).ShouldBe(0);
        foreach (var verb in new[] { "backup", "restore", "migrate", "create-admin", "reset-password", "import" }) help.ToString().ShouldContain(verb);
        var stray = new StringWriter();
        (await ServerCommandLine.RunAsync(["migrate", "now"], stray)).ShouldBe(1);
        stray.ToString().ShouldContain("unknown argument: now");
        ServerCommandLine.Matches(["--urls", "http://localhost:9000"]).ShouldBeFalse("the server's own arguments start the server");
        // As dotnet run passes them: the project's content root first, then the caller's verb.
        ServerCommandLine.Matches(["--contentRoot", "/src/BugSage.Server", "migrate"]).ShouldBeTrue();
        ServerCommandLine.Matches(["--contentRoot", "/src/BugSage.Server"]).ShouldBeFalse();
    }
}
