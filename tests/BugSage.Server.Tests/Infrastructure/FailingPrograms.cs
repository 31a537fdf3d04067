using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>
/// The events real programs sent through real Sentry SDKs when they failed
/// (tests/datasets/failing-programs), each labelled with the bug behind it.
/// </summary>
public static class FailingPrograms
{
    public sealed record Recording(string File, int Scenario, string Bug, string EventId, bool IsEnvelope, byte[] Body);

    public static string Directory { get; } = Datasets.Find("failing-programs");

    public static JsonObject Bugs => Scenarios()["bugs"]!.AsObject();

    public static IReadOnlyList<Recording> Recordings()
    {
        var bugOf = Scenarios()["scenarios"]!.AsArray().ToDictionary(s => s!["id"]!.GetValue<int>(), s => s!["bug"]!.GetValue<string>());
        return System.IO.Directory.GetFiles(Path.Combine(Directory, "events")).Order(StringComparer.Ordinal).Select(path =>
        {
            var body = File.ReadAllBytes(path);
            var isEnvelope = path.EndsWith(".envelope", StringComparison.Ordinal);
            var header = isEnvelope ? body.AsSpan(0, body.AsSpan().IndexOf((byte)'\n')) : body;
            using var json = JsonDocument.Parse(header.ToArray());
            var scenario = int.Parse(Path.GetFileName(path)[..3], System.Globalization.CultureInfo.InvariantCulture);
            return new Recording(Path.GetFileName(path), scenario, bugOf[scenario], json.RootElement.GetProperty("event_id").GetString()!, isEnvelope, body);
        }).ToList();
    }

    /// <summary>Sends every recording to the app's default project and digests them.</summary>
    public static async Task<IReadOnlyList<Recording>> IngestAllAsync(BugSageFactory app)
    {
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        var recordings = Recordings();
        foreach (var recording in recordings) await SendAsync(sdk, projectId, key, recording);
        await app.DigestAsync();
        return recordings;
    }

    /// <summary>Sends a recording to the endpoint its SDK used.</summary>
    public static async Task SendAsync(HttpClient sdk, long projectId, string key, Recording recording)
    {
        var content = new ByteArrayContent(recording.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue(recording.IsEnvelope ? "application/x-sentry-envelope" : "application/json");
        var endpoint = recording.IsEnvelope ? "envelope" : "store";
        var response = await sdk.PostAsync($"/api/{projectId}/{endpoint}/?sentry_key={key}&sentry_version=7", content);
        response.EnsureSuccessStatusCode();
    }

    private static JsonObject Scenarios() => JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "scenarios.json")))!.AsObject();
}
