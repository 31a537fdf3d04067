using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace BugSage.Server.AgentTasks;

/// <summary>
/// The JSON Schema (draft 2020-12) of <see cref="TaskDocument"/>, generated from the C# types the document is
/// serialized from, so the schema served, published in docs/task-handoff.md and checked by the tests is the
/// document's own shape: a field added to the records is in the schema without anyone editing it.
/// </summary>
public static class TaskSchema
{
    public const string Id = "urn:bugsage:schemas:task:1";

    /// <summary>
    /// The document's serialization as the REST API and MCP write it (web defaults: camelCase, nulls written), told to treat
    /// constructor parameters as required and to respect nullable annotations, so that every field the records always
    /// write is required and only the nullable ones admit null.
    /// </summary>
    private static readonly JsonSerializerOptions Shape = new(JsonSerializerDefaults.Web)
    {
        // The API reads numbers given as strings, but writes numbers as numbers: the schema describes what is written.
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private static readonly Lazy<string> Text = new(() => Generate().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    public static string Json => Text.Value;

    public static JsonObject Generate()
    {
        var generated = Shape.GetJsonSchemaAsNode(typeof(TaskDocument), new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = SchemaAnnotations.Apply,
        }).AsObject();
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = Id,
            ["title"] = "BugSage task document",
        };
        foreach (var (key, value) in generated.ToList())
        {
            generated.Remove(key);
            schema[key] = value;
        }
        return schema;
    }
}
