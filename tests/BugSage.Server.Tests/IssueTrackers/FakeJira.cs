using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BugSage.Server.Tests.IssueTrackers;

/// <summary>
/// The part of Jira's REST API (v2 and v3 alike) that BugSage uses: create an issue, read it, list
/// and run its transitions (a workflow of To Do, In Progress and Done, numbered its own way), comment.
/// </summary>
public sealed class FakeJira : TrackerServer
{
    public sealed class Issue
    {
        public required string Key { get; init; }
        public required JsonObject Fields { get; init; }
        public string Status { get; set; } = "To Do";
        public List<JsonNode> Comments { get; } = [];
    }

    private static readonly (string Id, string Name, string Category)[] Workflow = [("11", "To Do", "new"), ("21", "In Progress", "indeterminate"), ("31", "Done", "done")];

    public ConcurrentDictionary<string, Issue> Issues { get; } = new();
    private int next;

    /// <summary>Refuses a priority on create, as projects without the field on their create screen do.</summary>
    public bool RefusesPriority { get; set; }

    public string SiteUrl => Address.ToString().TrimEnd('/');

    public static async Task<FakeJira> StartAsync()
    {
        var server = new FakeJira();
        await server.ListenAsync();
        return server;
    }

    public Issue Seed(string summary, string status = "To Do")
    {
        var key = $"OPS-{Interlocked.Increment(ref next)}";
        return Issues[key] = new Issue { Key = key, Fields = new JsonObject { ["summary"] = summary }, Status = status };
    }

    protected override void Map(WebApplication web)
    {
        var api = web.MapGroup("/rest/api/{version:int}");
        api.MapPost("/issue", async (HttpRequest request) =>
        {
            var fields = (await BodyAsync(request))["fields"]!.AsObject();
            if (RefusesPriority && fields.ContainsKey("priority"))
                return Results.Json(new { errorMessages = Array.Empty<string>(), errors = new { priority = "Field 'priority' cannot be set. It is not on the appropriate screen, or unknown." } }, statusCode: 400);
            var key = $"{fields["project"]!["key"]!.GetValue<string>()}-{Interlocked.Increment(ref next)}";
            Issues[key] = new Issue { Key = key, Fields = (JsonObject)fields.DeepClone() };
            return Results.Json(new { id = "10000", key, self = $"{SiteUrl}/rest/api/3/issue/10000" }, statusCode: 201);
        });
        api.MapGet("/issue/{key}", (string key) => Issues.TryGetValue(key, out var issue)
            ? Results.Json(new { key, fields = new { summary = issue.Fields["summary"]?.GetValue<string>(), status = Status(issue.Status) } })
            : Results.Json(new { errorMessages = new[] { "Issue does not exist or you do not have permission to see it." } }, statusCode: 404));
        api.MapGet("/issue/{key}/transitions", (string key) => Issues.TryGetValue(key, out var issue)
            ? Results.Json(new { transitions = Workflow.Where(w => w.Name != issue.Status).Select(w => new { id = w.Id, name = w.Name, to = Status(w.Name) }) })
            : Results.NotFound());
        api.MapPost("/issue/{key}/transitions", async (string key, HttpRequest request) =>
        {
            if (!Issues.TryGetValue(key, out var issue)) return Results.NotFound();
            var id = (await BodyAsync(request))["transition"]!["id"]!.GetValue<string>();
            var step = Workflow.FirstOrDefault(w => w.Id == id);
            if (step.Name is null) return Results.Json(new { errorMessages = new[] { "no such transition" } }, statusCode: 400);
            issue.Status = step.Name;
            return Results.NoContent();
        });
        api.MapPost("/issue/{key}/comment", async (string key, HttpRequest request) =>
        {
            if (!Issues.TryGetValue(key, out var issue)) return Results.NotFound();
            issue.Comments.Add((await BodyAsync(request))["body"]!.DeepClone());
            return Results.Json(new { id = issue.Comments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }, statusCode: 201);
        });
    }

    public static bool IsDone(Issue issue) => Workflow.First(w => w.Name == issue.Status).Category == "done";

    private static object Status(string name) => new { name, statusCategory = new { key = Workflow.First(w => w.Name == name).Category } };
}
