using System.Globalization;
using System.CommandLine;
using BugSage.Core;
using BugSage.Core.Data;
using BugSage.Server.CommandLine;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Imports;

/// <summary>
/// The <c>import sentry</c> verb:
/// <c>import sentry --url https://sentry.io --token … --org acme [--projects a,b] [--since 2026-11-01] [--events 10] --into &lt;bugsage-org-slug&gt;</c>.
/// It runs one import in this process against the configured database (migrated first), prints
/// progress after every page, and exits 0 when the import is done, 1 otherwise. Any other
/// argument is configuration, as for the server (<c>--BugSage:DataDirectory=…</c>).
/// </summary>
public static class ImportCommand
{
    public const string Usage =
        "usage: import sentry --url https://sentry.io --token TOKEN --org SENTRY_ORG [--projects a,b] [--since 2026-11-01] [--events 10] --into BUGSAGE_ORG";

    public static Command Create(TextWriter output)
    {
        var url = new Option<string>("--url") { Description = "The Sentry server, e.g. https://sentry.io" };
        var token = new Option<string>("--token") { Description = "A Sentry auth token (or SENTRY_AUTH_TOKEN), kept out of what is stored" };
        var org = new Option<string>("--org") { Description = "The Sentry organization's slug" };
        var projects = new Option<string>("--projects") { Description = "Only these Sentry projects, comma separated" };
        var since = new Option<string>("--since") { Description = "Only issues seen since this date, e.g. 2026-11-01" };
        var events = new Option<string>("--events") { Description = "Latest events kept per issue, 0 to 100" };
        var into = new Option<string>("--into") { Description = "The slug of the BugSage organization to import into" };
        var sentry = new Command("sentry", "Import projects, DSN keys, releases, issues and their latest events from Sentry") { url, token, org, projects, since, events, into };
        sentry.AcceptingConfiguration().SetAction(async (result, ct) =>
        {
            if (VerbHost.Configuration(result, out var configuration) is { } problem) return await FailAsync(output, problem);
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, option) in new[] { ("--url", url), ("--token", token), ("--org", org), ("--projects", projects), ("--since", since), ("--events", events), ("--into", into) })
                if (result.GetValue(option) is { } value) options[name] = value;
            return await RunAsync(options, configuration, output, ct);
        });
        var import = new Command("import", "Import from another error tracker (import sentry --help)") { sentry };
        // "import" alone, or with an unknown source, answers with what is known.
        import.AcceptingConfiguration().SetAction(async (_, _) => await FailAsync(output, "only 'import sentry' is known"));
        return import;
    }

    private static async Task<int> FailAsync(TextWriter output, string problem)
    {
        await output.WriteLineAsync(problem);
        await output.WriteLineAsync(Usage);
        return 1;
    }

    private static async Task<int> RunAsync(Dictionary<string, string> options, string[] configuration, TextWriter output, CancellationToken ct)
    {
        // The token may come from sentry-cli's variable instead, out of the process list and the shell history.
        if (!options.ContainsKey("--token") && Environment.GetEnvironmentVariable("SENTRY_AUTH_TOKEN") is { Length: > 0 } envToken) options["--token"] = envToken;
        foreach (var required in new[] { "--url", "--token", "--org" })
            if (!options.ContainsKey(required)) return await FailAsync(output, $"{required} is required");
        if (!options.TryGetValue("--into", out var into) || string.IsNullOrWhiteSpace(into))
            return await FailAsync(output, "--into: the slug of the BugSage organization to import into is required");
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

        await using var app = VerbHost.Build(configuration, builder =>
        {
            builder.Services.AddScoped<ProjectAccess>();
            builder.Services.AddInputValidation();
            builder.AddImports();
        });
        await using var scope = app.Services.CreateAsyncScope();
        await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), ct);
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
}
