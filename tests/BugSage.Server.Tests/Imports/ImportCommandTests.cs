using BugSage.Server.CommandLine;
using BugSage.Server.Imports;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Imports;

/// <summary>The <c>import sentry</c> command line, run in this process against a server's SQLite database.</summary>
public class ImportCommandTests
{
    [Fact]
    public async Task The_command_imports_the_named_projects_and_prints_its_progress()
    {
        await using var sentry = await FakeSentry.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var output = new StringWriter();

        var code = await ServerCommandLine.RunAsync(
        [
            "import", "sentry", "--url", sentry.Url, "--token", FakeSentry.Token, "--org", FakeSentry.Organization, "--projects", "backend",
            "--since", "2026-11-01", "--events", "1", "--into", "default", .. Configuration(app),
        ], output);

        var printed = output.ToString();
        code.ShouldBe(0, printed);
        printed.ShouldContain("import 1: running · issues (project 1 of 1)");
        printed.ShouldContain("import 1: done · done · projects 1 (skipped 0), keys 2, releases 2, issues 2, events 2");
        printed.ShouldNotContain(FakeSentry.Token);
        await app.WithDbAsync(async db =>
        {
            (await db.Projects.AnyAsync(p => p.Slug == "web")).ShouldBeFalse("only --projects were imported");
            var backend = await db.Projects.SingleAsync(p => p.Slug == "backend");
            // --since leaves out the issue last seen in October; --events keeps one event of each.
            (await db.Issues.Where(i => i.ProjectId == backend.Id).Select(i => i.Title).OrderBy(t => t).ToListAsync())
                .ShouldBe(["TypeError: Cannot read properties of undefined (reading 'name')", "ValueError: bad input"]);
            (await db.Events.CountAsync(e => e.ProjectId == backend.Id)).ShouldBe(2);
            (await db.Events.AnyAsync(e => e.EventId == "e0000000000000000000000000000003")).ShouldBeTrue("the latest event is the one kept");
            var job = await db.SentryImportJobs.SingleAsync();
            (job.Status, job.LeaseOwner, job.CreatedBy).ShouldBe(("done", (string?)null, "operator (CLI)"));
        });
        sentry.Requests.ShouldContain(r => r.Contains("query=lastSeen%3A%3E%3D2026-11-01T00%3A00%3A00"));
    }

    [Fact]
    public async Task The_command_exits_1_on_bad_arguments_an_unknown_organization_or_a_failed_import()
    {
        await using var sentry = await FakeSentry.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");

        var usage = new StringWriter();
        (await ServerCommandLine.RunAsync(["import", "sentry", "--url", sentry.Url, "--into", "default"], usage)).ShouldBe(1);
        usage.ToString().ShouldContain("--token is required");
        usage.ToString().ShouldContain(ImportCommand.Usage);

        var unknown = new StringWriter();
        (await ServerCommandLine.RunAsync(["import", "sentry", "--url", sentry.Url, "--token", FakeSentry.Token, "--org", "acme", "--into", "nowhere", .. Configuration(app)], unknown)).ShouldBe(1);
        unknown.ToString().ShouldContain("No BugSage organization with the slug 'nowhere'");

        var refused = new StringWriter();
        (await ServerCommandLine.RunAsync(["import", "sentry", "--url", sentry.Url, "--token", "wrong", "--org", "acme", "--into", "default", .. Configuration(app)], refused)).ShouldBe(1);
        refused.ToString().ShouldContain("failed: Sentry refused the token (401)");
    }

    /// <summary>The server's own settings, as its command line would give them.</summary>
    private static string[] Configuration(BugSageFactory app) =>
    [
        $"--BugSage:DataDirectory={app.DataDirectory}", "--BugSage:Storage:Provider=sqlite", $"--{BugSageFactory.LoopbackAllowance}=127.0.0.0/8",
    ];
}
