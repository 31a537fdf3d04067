using System.Globalization;
using BugSage.Core;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using BugSage.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Imports;

/// <summary>
/// The <c>import sentry</c> command line, handled before the web host starts:
/// <c>import sentry --url https://sentry.io --token … --org acme [--projects a,b] [--since 2026-11-01] [--events 10] --into &lt;bugsage-org-slug&gt;</c>.
/// It runs one import in this process against the configured database (migrated first), prints
/// progress after every page, and exits 0 when the import is done, 1 otherwise. Any other
/// argument is configuration, as for the server (<c>--BugSage:DataDirectory=…</c>).
/// </summary>
public static class ImportCommand
{
    public const string Usage =
        "usage: import sentry --url https://sentry.io --token TOKEN --org SENTRY_ORG [--projects a,b] [--since 2026-11-01] [--events 10] --into BUGSAGE_ORG";

    private static readonly string[] Options = ["--url", "--token", "--org", "--projects", "--since", "--events", "--into"];

    public static bool Matches(string[] args) => args is ["import", ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct = default)
    {
        if (args is not ["import", "sentry", .. var rest])
        {
            await output.WriteLineAsync("only 'import sentry' is known");
            await output.WriteLineAsync(Usage);
            return 1;
        }
        if (Parse(rest, out var options, out var configuration) is { } problem)
        {
            await output.WriteLineAsync(problem);
            await output.WriteLineAsync(Usage);
            return 1;
        }
        if (!options.TryGetValue("--into", out var into) || string.IsNullOrWhiteSpace(into))
        {
            await output.WriteLineAsync("--into: the slug of the BugSage organization to import into is required");
            await output.WriteLineAsync(Usage);
            return 1;
        }
        DateTime? since = null;
        if (options.TryGetValue("--since", out var sinceText))
        {
            if (!DateTime.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                await output.WriteLineAsync("--since: a date such as 2026-11-01");
                return 1;
            }
            since = parsed;
        }
        int? events = null;
        if (options.TryGetValue("--events", out var eventsText))
        {
            if (!int.TryParse(eventsText, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                await output.WriteLineAsync("--events: a number of events per issue, 0 to 100");
                return 1;
            }
            events = n;
        }
        var request = new SentryImportRequest(options.GetValueOrDefault("--url"), options.GetValueOrDefault("--token"), options.GetValueOrDefault("--org"),
            options.GetValueOrDefault("--projects")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(), since, events);

        await using var app = Build(configuration);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync(ct);
        var imports = scope.ServiceProvider.GetRequiredService<SentryImportOperations>();
        var started = await imports.StartAsOperatorAsync(into.Trim(), request, $"cli:{Environment.MachineName}:{Environment.ProcessId}".Truncate(64), ct);
        if (!started.Succeeded)
        {
            var problems = started.Errors?.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}") ?? [];
            await output.WriteLineAsync($"refused: {string.Join("; ", problems.Append(started.Title ?? "").Where(p => p.Length > 0))}");
            return 1;
        }
        await output.WriteLineAsync($"import {started.Value!.Id}: {request.Organization} at {started.Value.SourceUrl} into {into}");
        SentryImportDto finished;
        try
        {
            finished = await imports.RunAsOperatorAsync(started.Value.Id, job => output.WriteLine($"import {job.Id}: {job.Summary()}"), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The import keeps its lease until it runs out; then a server's worker goes on with it.
            await output.WriteLineAsync($"import {started.Value.Id} stopped: {e.GetType().Name}: {e.Message}; a running server goes on with it once its lease runs out");
            return 1;
        }
        foreach (var note in finished.Notes) await output.WriteLineAsync($"  note: {note}");
        if (finished.Error is { } error) await output.WriteLineAsync($"import {finished.Id} failed: {error}");
        return finished.Status == Core.Imports.SentryImportStatus.Done ? 0 : 1;
    }

    /// <summary>The services an import needs, configured as the server is (appsettings, environment, the remaining arguments); nothing is started.</summary>
    private static WebApplication Build(string[] configuration)
    {
        var builder = WebApplication.CreateBuilder(configuration);
        // The command's own lines are its output; the server's information logs (each SQL statement) would drown them.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddBugSageCore();
        builder.AddBugSageSecurity();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<ProjectAccess>();
        builder.AddImports();
        return builder.Build();
    }

    /// <summary>Splits the known options from configuration arguments; the problem, or null.</summary>
    private static string? Parse(string[] args, out Dictionary<string, string> options, out string[] configuration)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        configuration = [];
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            if (!Options.Contains(name))
            {
                if (!arg.StartsWith("--", StringComparison.Ordinal) && !(i > 0 && args[i - 1].StartsWith("--", StringComparison.Ordinal) && !args[i - 1].Contains('=') && !Options.Contains(args[i - 1])))
                    return $"unknown argument: {arg}";
                rest.Add(arg);
                continue;
            }
            string value;
            if (arg.Contains('=')) value = arg.Split('=', 2)[1];
            else if (i + 1 < args.Length) value = args[++i];
            else return $"{name}: a value is required";
            options[name] = value;
        }
        configuration = rest.ToArray();
        // The token may come from sentry-cli's variable instead, out of the process list and the shell history.
        if (!options.ContainsKey("--token") && Environment.GetEnvironmentVariable("SENTRY_AUTH_TOKEN") is { Length: > 0 } token) options["--token"] = token;
        foreach (var required in new[] { "--url", "--token", "--org" })
            if (!options.ContainsKey(required)) return $"{required} is required";
        return null;
    }
}
