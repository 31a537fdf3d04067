using System.Text.Json;
using System.Text.Json.Nodes;

namespace BugSage.Core.Analysis.Chat;

/// <summary>Turns a model's text into the object its schema asks for, or says why it cannot.</summary>
public static class ModelOutput
{
    public static JsonObject Parse(string text, JsonObject schema)
    {
        var json = text.Trim();
        // Some servers wrap JSON in a Markdown fence even when asked for JSON.
        if (json.StartsWith("```", StringComparison.Ordinal))
        {
            var start = json.IndexOf('\n', StringComparison.Ordinal);
            var end = json.LastIndexOf("```", StringComparison.Ordinal);
            if (start > 0 && end > start) json = json[(start + 1)..end].Trim();
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ModelCallException("the model's answer is not JSON", transient: false, e);
        }
        return Check(node, schema);
    }

    public static JsonObject Check(JsonNode? node, JsonObject schema)
    {
        var errors = JsonSchemaCheck.Errors(schema, node);
        if (errors.Count > 0) throw new ModelCallException("the model's answer does not fit the schema: " + string.Join("; ", errors.Take(5)), transient: false);
        return (JsonObject)node!;
    }
}
