using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Warehouse;

/// <summary>
/// Reports an exception as a Sentry event to a store endpoint, with what the .NET SDK sends:
/// the exception's type and message, its frames from the runtime (outermost first), in-app for
/// this program's namespace, and five lines of source around each in-app line.
/// </summary>
public static class Reporter
{
    public static async Task ReportAsync(Exception error, string storeUrl, string job)
    {
        var frames = new JsonArray();
        foreach (var frame in new StackTrace(error, fNeedFileInfo: true).GetFrames().Reverse())
        {
            var method = frame.GetMethod();
            var module = method?.DeclaringType?.FullName ?? "?";
            var inApp = module.StartsWith("Warehouse", StringComparison.Ordinal);
            var json = new JsonObject
            {
                ["function"] = method?.Name ?? "?",
                ["module"] = module,
                ["in_app"] = inApp,
            };
            if (frame.GetFileName() is { } file)
            {
                json["filename"] = Path.GetFileName(file);
                json["abs_path"] = file;
                json["lineno"] = frame.GetFileLineNumber();
                if (inApp && File.Exists(file)) AddContext(json, File.ReadAllLines(file), frame.GetFileLineNumber());
            }
            frames.Add(json);
        }
        var evt = new JsonObject
        {
            ["event_id"] = Guid.NewGuid().ToString("N"),
            ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
            ["platform"] = "csharp",
            ["level"] = "error",
            ["release"] = "warehouse@3.1.0",
            ["environment"] = "production",
            ["sdk"] = new JsonObject { ["name"] = "bugsage.dataset.dotnet", ["version"] = "1.0.0" },
            ["tags"] = new JsonObject { ["job"] = job },
            ["exception"] = new JsonObject
            {
                ["values"] = new JsonArray(new JsonObject
                {
                    ["type"] = error.GetType().FullName,
                    ["value"] = error.Message,
                    ["module"] = error.GetType().Assembly.GetName().Name,
                    ["mechanism"] = new JsonObject { ["type"] = "generic", ["handled"] = false },
                    ["stacktrace"] = new JsonObject { ["frames"] = frames },
                }),
            },
        };
        using var http = new HttpClient();
        (await http.PostAsJsonAsync(storeUrl, evt)).EnsureSuccessStatusCode();
    }

    private static void AddContext(JsonObject frame, string[] lines, int line)
    {
        if (line < 1 || line > lines.Length) return;
        frame["context_line"] = lines[line - 1];
        frame["pre_context"] = new JsonArray(lines[Math.Max(0, line - 6)..(line - 1)].Select(l => (JsonNode)l).ToArray());
        frame["post_context"] = new JsonArray(lines[line..Math.Min(lines.Length, line + 5)].Select(l => (JsonNode)l).ToArray());
    }
}
