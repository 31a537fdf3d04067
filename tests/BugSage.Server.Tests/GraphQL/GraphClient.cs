using System.Net;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.GraphQL;

/// <summary>A GraphQL answer: its status code and body as a JSON tree, so tests check the wire format.</summary>
public sealed record GraphAnswer(HttpStatusCode Status, JsonNode Body, HttpResponseMessage Response)
{
    public JsonNode? Data => Body["data"];

    public JsonArray Errors => Body["errors"]?.AsArray() ?? [];

    /// <summary>The codes of the errors, in order.</summary>
    public List<string> Codes => [.. Errors.Select(e => e!["extensions"]?["code"]?.GetValue<string>() ?? "")];

    /// <summary>Asserts the request ran without errors and returns its data.</summary>
    public JsonNode Ok()
    {
        Status.ShouldBe(HttpStatusCode.OK, Body.ToJsonString());
        Errors.ShouldBeEmpty(Body.ToJsonString());
        return Data!;
    }
}

/// <summary>Sends GraphQL requests as clients do: POST /graphql with {query, variables}.</summary>
public static class GraphClient
{
    public static async Task<GraphAnswer> GraphAsync(this HttpClient client, string query, object? variables = null)
    {
        var response = await client.PostJsonAsync("/graphql", new { query, variables });
        var text = await response.Content.ReadAsStringAsync();
        return new GraphAnswer(response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!, response);
    }

    /// <summary>An id as GraphQL's ID scalar writes it (a string), as a number.</summary>
    public static long Id(this JsonNode? node) => long.Parse(node!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
}
