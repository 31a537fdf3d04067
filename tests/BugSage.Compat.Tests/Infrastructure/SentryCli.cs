using System.Diagnostics;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Compat.Tests.Infrastructure;

/// <summary>
/// What a customer's build does before deploying: esbuild bundles and minifies with a map, the real
/// <c>sentry-cli</c> injects debug IDs and uploads bundle and map to BugSage with a
/// <c>project:releases</c> token. Runs in the npm directory, so the bundles find the SDKs.
/// </summary>
public static class SentryCli
{
    /// <summary>
    /// Runs a tool of the npm directory (or node) in <paramref name="directory"/> (the npm directory by default) and returns
    /// its output; fails the test when it fails.
    /// </summary>
    public static async Task<string> RunAsync(string file, string[] args, Dictionary<string, string>? environment = null, string? directory = null)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory ?? SdkAssets.Directory };
        foreach (var (name, value) in environment ?? []) psi.Environment[name] = value;
        psi.Environment["NODE_NO_WARNINGS"] = "1";
        psi.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.ShouldBe(0, $"{file} {string.Join(' ', args)}\n{await stdout}\n{await stderr}");
        return await stdout + await stderr;
    }

    /// <summary>A fresh output directory inside the npm directory, so maps name their sources <c>../cart.js</c>.</summary>
    public static string NewDistDirectory() => Path.Combine(SdkAssets.Directory, "minified", "dist-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary><c>esbuild --bundle --minify --sourcemap</c> of one of <c>minified/</c>'s entry points.</summary>
    public static Task<string> BundleAsync(string entry, string outfile, params string[] options) =>
        RunAsync("npx", ["--no-install", "esbuild", entry, "--bundle", "--minify", "--sourcemap", $"--outfile={outfile}", "--log-level=warning", .. options]);

    /// <summary><c>sentry-cli sourcemaps inject</c> then <c>upload</c> of a directory, as CI runs them, with a new <c>project:releases</c> token.</summary>
    public static async Task InjectAndUploadAsync(SdkServer server, HttpClient api, string dist, params string[] uploadOptions)
    {
        var environment = EnvironmentFor(server, await ApiTokens.CreateAsync(api));
        await RunAsync("npx", ["--no-install", "sentry-cli", "sourcemaps", "inject", dist], environment);
        var upload = await RunAsync("npx", ["--no-install", "sentry-cli", "sourcemaps", "upload", .. uploadOptions, dist], environment);
        upload.ShouldContain("Uploaded files to Sentry");
    }

    /// <summary>The variables a pipeline gives sentry-cli: BugSage's URL, the token, the default organization and project.</summary>
    public static Dictionary<string, string> EnvironmentFor(SdkServer server, string token) => new()
    {
        ["SENTRY_URL"] = server.App.ClientOptions.BaseAddress.ToString(),
        ["SENTRY_AUTH_TOKEN"] = token,
        ["SENTRY_ORG"] = "default",
        ["SENTRY_PROJECT"] = "default",
    };
}
