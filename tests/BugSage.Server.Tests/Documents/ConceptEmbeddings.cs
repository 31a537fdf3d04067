using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace BugSage.Server.Tests.Documents;

/// <summary>
/// A stand-in for an OpenAI-compatible embedding model that embeds by concept, so a test can
/// write a question and a passage that share meaning but no word: each dimension is one concept
/// and its synonyms; the last dimension is small and shared, as real models give unrelated texts
/// a little similarity.
/// </summary>
public static partial class ConceptEmbeddings
{
    public const string Model = "concepts-1";

    private static readonly string[][] Concepts =
    [
        ["outage", "outages", "downtime", "incident", "unavailable", "down"],
        ["payroll", "salary", "salaries", "accountants", "wages"],
        ["cache", "redis", "memcached"],
        ["certificate", "tls", "ssl", "https"],
    ];

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();

    public static float[] Embed(string text)
    {
        var vector = new float[Concepts.Length + 1];
        vector[^1] = 0.1f;
        foreach (Match word in Word().Matches(text.ToLowerInvariant()))
            for (var i = 0; i < Concepts.Length; i++)
                if (Concepts[i].Contains(word.Value)) vector[i] += 1;
        return vector;
    }

    /// <summary>The answer to <c>POST /v1/embeddings</c>, for <see cref="Infrastructure.FakeModelServer.Then"/>.</summary>
    public static IResult Answer(JsonObject request)
    {
        var inputs = request["input"] is JsonArray many ? many.Select(i => i!.GetValue<string>()).ToList() : [request["input"]!.GetValue<string>()];
        // OpenAI's .NET client asks for base64 (float32 little-endian), as OpenAI's own API allows; others get numbers.
        var base64 = request["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray([.. inputs.Select((text, i) => (JsonNode)new JsonObject
        {
            ["object"] = "embedding", ["index"] = i,
            ["embedding"] = base64
                ? Convert.ToBase64String(Core.Documents.EmbeddingVectors.ToBytes(Embed(text)))
                : new JsonArray([.. Embed(text).Select(v => (JsonNode)JsonValue.Create(v))]),
        })]);
        var tokens = inputs.Sum(t => t.Split(' ').Length);
        return Results.Json(new JsonObject
        {
            ["object"] = "list", ["data"] = data, ["model"] = request["model"]?.GetValue<string>() ?? Model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        });
    }
}
