using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Operations;

/// <summary>
/// A single-node server without self-reporting loads none of the assemblies of features it does not run: each costs its
/// mapped code and the types it brings into every server's idle memory (BENCHMARKS.md, "Idle memory after start"). Read from
/// the process's own memory map, so a start-up scan or a registration that names them again fails here.
/// </summary>
public sealed class StartupFootprintTests
{
    private static readonly string[] NotLoaded =
    [
        "StackExchange.Redis.dll", "RabbitMQ.Client.dll", // cluster mode only
        "Sentry.dll", // self-reporting only
        "Octokit.dll", "UglyToad.PdfPig.dll", "PdfSharp.dll", "Microsoft.CodeAnalysis.dll", // used by requests and sessions, not at start
    ];

    [Fact]
    public async Task A_single_node_loads_no_assembly_of_a_feature_it_does_not_run()
    {
        var data = Directory.CreateTempSubdirectory("bugsage-footprint-").FullName;
        try
        {
            await using var server = await ServerProcess.StartAsync(data, environment: new Dictionary<string, string> { ["SENTRY_DSN"] = "" });
            var mapped = (await File.ReadAllLinesAsync($"/proc/{server.ProcessId}/maps"))
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
                .Where(path => path.EndsWith(".dll", StringComparison.Ordinal))
                .Select(Path.GetFileName)
                .ToHashSet();
            mapped.ShouldContain("BugSage.Core.dll"); // the map is read as intended
            mapped.ShouldContain("Microsoft.EntityFrameworkCore.dll");
            mapped.Intersect(NotLoaded).ShouldBeEmpty();
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
