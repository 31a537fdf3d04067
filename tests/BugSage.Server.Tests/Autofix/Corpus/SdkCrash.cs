using System.Text.Json.Nodes;

namespace BugSage.Server.Tests.Autofix.Corpus;

/// <summary>
/// A corpus case's triggering run under the language's real Sentry SDK, where one is installed here,
/// so the event carries what production events carry (frame variables above all) instead of what a
/// printed trace holds. Python: Debian's <c>python3-sentry-sdk</c> (CI installs it), initialised as an
/// application does; the event it would send is written to a file instead. Node.js is not run under
/// @sentry/node: its local variables come from an inspector worker that attaches after
/// <c>Sentry.init</c> returns, so a script that crashes at start-up, as every trigger does, gets none.
/// The .NET SDK sends no local variables at all.
/// </summary>
public static class SdkCrash
{
    private const string DebianPython = "/usr/bin/python3";

    // Runs the script as `python3 script.py` would (its folder first on sys.path, as __main__) with the SDK's default integrations.
    private const string PythonCapture = """
        import json
        import os
        import runpy
        import sys

        import sentry_sdk

        event_file, script = sys.argv[1], sys.argv[2]


        def keep(event, hint):
            with open(event_file, "w") as f:
                json.dump(event, f, default=str)
            return None


        sentry_sdk.init(dsn="https://public@sentry.invalid/1", before_send=keep)
        sys.argv = sys.argv[2:]
        sys.path[0] = os.path.dirname(os.path.abspath(script))
        # Since Python 3.9 the main script's __file__, and so its frames' paths, are absolute (argv[0] stays as typed): so here too.
        runpy.run_path(os.path.abspath(script), run_name="__main__")
        """;

    private static readonly Lazy<bool> PythonSdk = new(() =>
        File.Exists(DebianPython) && BuggyRepository.RunAsync($"{DebianPython} -c 'import sentry_sdk'", Path.GetTempPath()).GetAwaiter().GetResult().ExitCode == 0);

    /// <summary>The run's exit code and output, and the SDK's event when the run went through one.</summary>
    public static async Task<(int ExitCode, string Output, JsonObject? Event)> RunAsync(BuggyRepository buggy, string deploy)
    {
        if (buggy.Language != "python" || !buggy.Trigger.StartsWith("python3 ", StringComparison.Ordinal) || !PythonSdk.Value)
        {
            var (exit, printed) = await BuggyRepository.RunAsync(buggy.Trigger, deploy);
            return (exit, printed, null);
        }
        var work = Directory.CreateTempSubdirectory("bugsage-sdk-").FullName;
        try
        {
            var capture = Path.Combine(work, "sentry_capture.py");
            var eventFile = Path.Combine(work, "event.json");
            await File.WriteAllTextAsync(capture, PythonCapture);
            var (exit, printed) = await BuggyRepository.RunAsync($"{DebianPython} {capture} {eventFile} {buggy.Trigger["python3 ".Length..]}", deploy);
            return (exit, printed, File.Exists(eventFile) ? JsonNode.Parse(await File.ReadAllTextAsync(eventFile))!.AsObject() : null);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// The SDK's event with what a deployment sets: its id, the release and environment, and in-app for the
    /// application's own files (those under <paramref name="deployRoot"/>; the capture script and the
    /// interpreter's frozen modules are not), named relative to it as the deployment's frames are.
    /// </summary>
    public static JsonObject ToEvent(JsonObject sdkEvent, string eventId, string release, string deployRoot)
    {
        var evt = sdkEvent.DeepClone().AsObject();
        evt["event_id"] = eventId;
        evt["release"] = release;
        evt["environment"] = "production";
        foreach (var value in evt["exception"]?["values"]?.AsArray() ?? [])
            foreach (var frame in value?["stacktrace"]?["frames"]?.AsArray() ?? [])
            {
                var path = frame!["abs_path"]?.GetValue<string>() ?? "";
                var inApp = path.StartsWith(deployRoot, StringComparison.Ordinal) && !path.Contains('<') && !path.Contains("/site-packages/", StringComparison.Ordinal);
                frame["in_app"] = inApp;
                if (inApp) frame["filename"] = Path.GetRelativePath(deployRoot, path);
            }
        return evt;
    }
}
