using System.Diagnostics;
using System.Text.Json.Nodes;
using BugSage.Compat.Tests.Infrastructure;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Compat.Tests;

/// <summary>
/// Debian's python3-sentry-sdk reports to BugSage unchanged; what lands is checked through the API.
/// Debian's own interpreter runs it (/usr/bin/python3), the one that package installs into.
/// </summary>
public sealed class PythonSdkTests : IAsyncLifetime
{
    private SdkServer server = null!;
    private HttpClient api = null!;

    public async Task InitializeAsync()
    {
        server = await SdkServer.StartAsync();
        api = await server.App.SignedInClientAsync();
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<JsonNode> RunAsync(string scenario)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3", [Path.Combine(SdkAssets.Directory, "python", "scenarios.py"), scenario])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, Environment = { ["SENTRY_DSN"] = server.Dsn },
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.ShouldBe(0, await stderr);
        await server.App.DigestAsync();
        var eventId = JsonNode.Parse(await stdout)!["eventIds"]!.AsArray().ShouldHaveSingleItem()!.GetValue<string>();
        return (await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/events/{eventId}"))["event"]!;
    }

    [Fact]
    public async Task A_chained_exception_arrives_with_its_cause_local_variables_and_breadcrumbs()
    {
        var evt = await RunAsync("exception");
        evt["platform"].Str().ShouldBe("python");
        evt["release"].Str().ShouldBe("billing@4.2.0");
        evt["sdk"]!["name"].Str().ShouldBe("sentry.python");
        var values = evt["exception"]!["values"]!.AsArray();
        values.Select(v => v!["type"].Str()).ShouldBe(["ZeroDivisionError", "RuntimeError"], "the cause first, as the SDK sends the chain");
        evt["title"].Str().ShouldBe("RuntimeError: could not charge invoice 77");

        var cause = values[0]!["stacktrace"]!["frames"]!.AsArray();
        var top = cause[^1]!;
        top["function"].Str().ShouldBe("total");
        top["contextLine"].Str().Trim().ShouldBe("return subtotal / invoice.lines[0][\"quantity\"]");
        top["vars"]!["subtotal"].Str().ShouldBe("120", "the SDK sends values as their repr");
        top["inApp"]!.GetValue<bool>().ShouldBeTrue();
        evt["breadcrumbs"]!.AsArray().Select(b => b!["message"]?.GetValue<string>()).ShouldContain("charging invoice 77");
        (await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/issues")).Items().ShouldHaveSingleItem()!["culprit"].Str().ShouldBe("charge(__main__)", "the culprit is where the reported (outermost) exception was raised");
    }

    [Fact]
    public async Task An_error_log_line_becomes_an_issue_through_the_logging_integration()
    {
        var evt = await RunAsync("logging");
        evt["logger"].Str().ShouldBe("billing.reminders");
        evt["message"].Str().ShouldBe("Reminder for invoice 78 bounced");
        evt["level"].Str().ShouldBe("error");
    }
}
