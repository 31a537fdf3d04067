using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Assistant;

/// <summary>What the assistant's tests share: an app with issues in it, conversations, and answers read as streams.</summary>
internal static class AssistantApp
{
    /// <summary>Two issues in the default project: one from <c>getUser</c>, one from <c>loadCart</c> (the newer).</summary>
    public static async Task<(long ProjectId, long OlderIssue, long NewerIssue)> TwoIssuesAsync(BugSageFactory app)
    {
        await app.SendErrorsAsync("getUser", 2, DateTimeOffset.UtcNow.AddMinutes(-10));
        await app.SendErrorsAsync("loadCart", 1);
        return await app.WithDbAsync(async db =>
        {
            var issues = await db.Issues.OrderBy(i => i.FirstSeen).ThenBy(i => i.Id).Select(i => new { i.Id, i.ProjectId }).ToListAsync();
            issues.Count.ShouldBe(2);
            return (issues[0].ProjectId, issues[0].Id, issues[1].Id);
        });
    }

    public static async Task<long> ConversationAsync(HttpClient client, object? body = null)
    {
        var created = await client.PostJsonAsync("/api/v1/assistant/conversations", body ?? new { });
        created.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.ReadJsonAsync())["id"].Long();
    }

    /// <summary>Asks and reads the whole JSON answer.</summary>
    public static async Task<JsonNode> AskAsync(HttpClient client, long conversationId, string question, long? issueId = null, long? projectId = null)
    {
        var answer = await client.PostJsonAsync($"/api/v1/assistant/conversations/{conversationId}/messages", new { content = question, issueId, projectId });
        answer.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        return await answer.ReadJsonAsync();
    }

    /// <summary>Asks with <c>Accept: text/event-stream</c> and parses the server-sent events in order.</summary>
    public static async Task<List<(string Type, JsonObject Data)>> AskStreamingAsync(HttpClient client, string url, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        var events = new List<(string, JsonObject)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? type = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) events.Add((type!, JsonNode.Parse(line["data: ".Length..])!.AsObject()));
        }
        return events;
    }

    /// <summary>The turns an answer added, by role.</summary>
    public static IEnumerable<JsonNode> Turns(JsonNode answer, string role) =>
        answer["messages"]!.AsArray().Where(m => m!["role"]!.GetValue<string>() == role)!;
}
