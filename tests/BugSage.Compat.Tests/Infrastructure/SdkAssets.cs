using System.Diagnostics;
using System.Reflection;

namespace BugSage.Compat.Tests.Infrastructure;

/// <summary>The npm SDKs restored by the build, and a way to run the Node scenarios.</summary>
public static class SdkAssets
{
    public static string Directory { get; } = typeof(SdkAssets).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SdkDirectory").Value!;

    public static string BrowserBundle => Path.Combine(Directory, "browser", "dist", "sentry-browser.js");

    public sealed record NodeRun(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs one scenario of <c>node/scenarios.mjs</c> against a DSN and waits for it to end.</summary>
    public static async Task<NodeRun> RunNodeScenarioAsync(string scenario, string dsn)
    {
        var psi = new ProcessStartInfo("node", [Path.Combine(Directory, "node", "scenarios.mjs"), scenario])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory,
            Environment = { ["SENTRY_DSN"] = dsn, ["NODE_NO_WARNINGS"] = "1" },
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new NodeRun(process.ExitCode, await stdout, await stderr);
    }
}
