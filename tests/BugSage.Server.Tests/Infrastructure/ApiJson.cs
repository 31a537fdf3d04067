using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>Reads API answers as JSON trees, so tests check the wire format, not server types.</summary>
public static class ApiJson
{
    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"GET {url} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public static JsonArray Items(this JsonNode page) => page["items"]!.AsArray();

    public static string Str(this JsonNode? node) => node!.GetValue<string>();

    public static long Long(this JsonNode? node) => node!.GetValue<long>();

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, JsonSerializerOptions.Web);

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body) =>
        client.PatchAsJsonAsync(url, body, JsonSerializerOptions.Web);
}
