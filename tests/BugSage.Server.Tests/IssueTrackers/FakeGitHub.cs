using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BugSage.Server.Tests.IssueTrackers;

/// <summary>
/// The part of GitHub's REST API that BugSage uses for issues, as GitHub Enterprise serves it
/// under <c>/api/v3</c>: create, read, update (state) and comment, for any repository.
/// </summary>
public sealed class FakeGitHub : TrackerServer
{
    public sealed class Issue
    {
        public required int Number { get; init; }
        public required string Title { get; init; }
        public string? Body { get; init; }
        public string State { get; set; } = "open";
        public List<string> Comments { get; } = [];
    }

    public ConcurrentDictionary<int, Issue> Issues { get; } = new();
    private int next;

    /// <summary>The API base an integration names (GitHub Enterprise style).</summary>
    public string ApiUrl => new Uri(Address, "api/v3").ToString();

    public static async Task<FakeGitHub> StartAsync()
    {
        var server = new FakeGitHub();
        await server.ListenAsync();
        return server;
    }

    /// <summary>An issue that exists before BugSage links it.</summary>
    public Issue Seed(string title, string state = "open")
    {
        var number = Interlocked.Increment(ref next);
        return Issues[number] = new Issue { Number = number, Title = title, State = state };
    }

    protected override void Map(WebApplication web)
    {
        var issues = web.MapGroup("/api/v3/repos/{owner}/{repo}/issues");
        issues.MapPost("/", async (string owner, string repo, HttpRequest request) =>
        {
            var body = await BodyAsync(request);
            var number = Interlocked.Increment(ref next);
            var issue = Issues[number] = new Issue { Number = number, Title = body["title"]!.GetValue<string>(), Body = body["body"]?.GetValue<string>() };
            return Results.Json(Shape(owner, repo, issue), statusCode: 201);
        });
        issues.MapGet("/{number:int}", (string owner, string repo, int number) =>
            Issues.TryGetValue(number, out var issue) ? Results.Json(Shape(owner, repo, issue)) : Results.Json(new { message = "Not Found" }, statusCode: 404));
        issues.MapPatch("/{number:int}", async (string owner, string repo, int number, HttpRequest request) =>
        {
            if (!Issues.TryGetValue(number, out var issue)) return Results.Json(new { message = "Not Found" }, statusCode: 404);
            var body = await BodyAsync(request);
            if (body["state"]?.GetValue<string>() is { } state) issue.State = state;
            return Results.Json(Shape(owner, repo, issue));
        });
        issues.MapPost("/{number:int}/comments", async (int number, HttpRequest request) =>
        {
            if (!Issues.TryGetValue(number, out var issue)) return Results.Json(new { message = "Not Found" }, statusCode: 404);
            var body = await BodyAsync(request);
            issue.Comments.Add(body["body"]!.GetValue<string>());
            return Results.Json(new { id = issue.Comments.Count, body = body["body"]!.GetValue<string>() }, statusCode: 201);
        });
    }

    private static object Shape(string owner, string repo, Issue issue) => new
    {
        id = 1000 + issue.Number,
        number = issue.Number,
        title = issue.Title,
        body = issue.Body,
        state = issue.State,
        html_url = $"https://github.example/{owner}/{repo}/issues/{issue.Number}",
        url = $"https://github.example/api/v3/repos/{owner}/{repo}/issues/{issue.Number}",
    };
}
