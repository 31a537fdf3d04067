using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BugSage.Server.Tests.Imports;

/// <summary>
/// A Sentry web API on loopback serving <see cref="SentryFixture"/>: the pages the importer reads,
/// each list cut into small pages linked by cursors in a <c>Link</c> header as Sentry does, behind
/// a bearer token. <see cref="FailOnce"/> makes one request answer 500, to test resuming.
/// </summary>
public sealed class FakeSentry : IAsyncDisposable
{
    public const string Token = "sntrys_fixture_token_0123456789";
    public const string Organization = "acme";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<string> requests = new();
    private readonly ConcurrentDictionary<string, bool> failures = new();

    private FakeSentry(WebApplication app, Uri address, SentryFixture fixture)
    {
        this.app = app;
        Address = address;
        Fixture = fixture;
    }

    public Uri Address { get; }
    public string Url => Address.ToString().TrimEnd('/');
    public SentryFixture Fixture { get; }

    /// <summary>Every request's path and query, in order.</summary>
    public IReadOnlyList<string> Requests => requests.ToList();

    /// <summary>The next request whose path and query contain <paramref name="fragment"/> answers 500.</summary>
    public void FailOnce(string fragment) => failures[fragment] = true;

    public static async Task<FakeSentry> StartAsync(SentryFixture? fixture = null)
    {
        fixture ??= SentryFixture.Default();
        FakeSentry? server = null;
        var (app, address) = await LoopbackApp.StartAsync(web =>
        {
            web.Use(async (context, next) =>
            {
                var target = context.Request.Path + context.Request.QueryString;
                server!.requests.Enqueue(target);
                if (context.Request.Headers.Authorization.ToString() != "Bearer " + Token)
                {
                    context.Response.StatusCode = 401;
                    await context.Response.WriteAsJsonAsync(new { detail = "Invalid token" });
                    return;
                }
                foreach (var fragment in server.failures.Keys)
                {
                    if (!target.Contains(fragment, StringComparison.Ordinal) || !server.failures.TryRemove(fragment, out _)) continue;
                    context.Response.StatusCode = 500;
                    await context.Response.WriteAsJsonAsync(new { detail = "Internal Error" });
                    return;
                }
                await next();
            });
            web.MapGet("/api/0/organizations/{org}/projects/", (string org, HttpContext http) =>
                org == Organization ? Paged(http, fixture.Projects.Select(p => p.Json).ToList(), 1) : Results.NotFound());
            web.MapGet("/api/0/projects/{org}/{project}/keys/", (string org, string project, HttpContext http) =>
                fixture.Projects.FirstOrDefault(p => p.Slug == project) is { } p && org == Organization ? Paged(http, p.Keys, 10) : Results.NotFound());
            web.MapGet("/api/0/organizations/{org}/releases/", (string org, string? project, HttpContext http) =>
                fixture.Projects.FirstOrDefault(p => p.Id == project) is { } p && org == Organization ? Paged(http, p.Releases, 1) : Results.NotFound());
            web.MapGet("/api/0/projects/{org}/{project}/issues/", (string org, string project, string? query, HttpContext http) =>
            {
                if (fixture.Projects.FirstOrDefault(p => p.Slug == project) is not { } p || org != Organization) return Results.NotFound();
                // The one search the importer sends: lastSeen:>=TIME.
                var since = query?.StartsWith("lastSeen:>=", StringComparison.Ordinal) == true ? DateTime.Parse(query["lastSeen:>=".Length..], null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal) : (DateTime?)null;
                return Paged(http, p.Issues.Where(i => since is null || DateTime.Parse(i.Json["lastSeen"]!.GetValue<string>()).ToUniversalTime() >= since).Select(i => i.Json).ToList(), 2);
            });
            web.MapGet("/api/0/issues/{id}/events/", (string id, HttpContext http) =>
                fixture.Projects.SelectMany(p => p.Issues).FirstOrDefault(i => i.Id == id) is { } issue ? Paged(http, issue.Events, 2) : Results.NotFound());
        });
        server = new FakeSentry(app, address, fixture);
        return server;
    }

    /// <summary>Sentry's cursors are <c>value:offset:is_prev</c>; only the offset matters here.</summary>
    private static IResult Paged(HttpContext http, IReadOnlyList<JsonObject> items, int pageSize)
    {
        var offset = http.Request.Query["cursor"].ToString() is { Length: > 0 } cursor ? int.Parse(cursor.Split(':')[1]) : 0;
        var page = items.Skip(offset).Take(pageSize).Select(i => i.DeepClone()).ToArray();
        var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}";
        var more = offset + pageSize < items.Count;
        http.Response.Headers.Link = $"<{url}?&cursor=0:{Math.Max(0, offset - pageSize)}:1>; rel=\"previous\"; results=\"{(offset > 0 ? "true" : "false")}\"; cursor=\"0:{Math.Max(0, offset - pageSize)}:1\", "
            + $"<{url}?&cursor=0:{offset + pageSize}:0>; rel=\"next\"; results=\"{(more ? "true" : "false")}\"; cursor=\"0:{offset + pageSize}:0\"";
        return Results.Json(new JsonArray(page));
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
