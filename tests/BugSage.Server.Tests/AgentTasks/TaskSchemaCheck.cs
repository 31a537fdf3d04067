using System.Text.Json.Nodes;
using Json.Schema;

namespace BugSage.Server.Tests.AgentTasks;

/// <summary>Validates documents against the task schema as the server serves it, with an independent JSON Schema implementation.</summary>
internal static class TaskSchemaCheck
{
    public static async Task<JsonSchema> FetchAsync(HttpClient anonymous)
    {
        var response = await anonymous.GetAsync("/api/v1/schemas/task.json");
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/schema+json");
        return JsonSchema.FromText(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The errors of <paramref name="document"/> against <paramref name="schema"/>, as "location: message"; empty when it is valid.</summary>
    public static List<string> Errors(JsonSchema schema, JsonNode document)
    {
        var result = schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return [];
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")).ToList();
        return errors.Count > 0 ? errors : ["invalid"];
    }
}
