using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Realtime;

/// <summary>
/// Red team 14c: StreamApi checks who may read a project once, when the stream opens, and then serves
/// it for as long as the connection lasts (a heartbeat every 15 s keeps it open): a member removed from
/// the organization keeps receiving the project's issue titles and fix-session news.
/// </summary>
public class StreamAttack14cTests
{
    [Fact]
    public async Task A_removed_member_stops_receiving_the_projects_stream()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var admin = await app.SignedInClientAsync();
        var member = await app.MemberOfDefaultAsync("leaver@example.com", "member");
        var (projectId, key) = await app.DefaultKeyAsync();
        var (orgId, userId) = await app.WithDbAsync(async db =>
            (await db.Organizations.Where(o => o.Slug == "default").Select(o => o.Id).SingleAsync(),
             await db.Users.Where(u => u.Email == "leaver@example.com").Select(u => u.Id).SingleAsync()));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await member.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/stream?projectId={projectId}"), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        (await reader.ReadLineAsync(timeout.Token)).ShouldBe(": connected");

        (await admin.DeleteAsync($"/api/v1/organizations/{orgId}/members/{userId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await member.GetAsync($"/api/v1/stream?projectId={projectId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a new stream is refused once removed");

        await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message = "Payroll export leaked SSN 078-05-1120" }));
        await app.DigestAsync();

        var received = new System.Text.StringBuilder();
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        quiet.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            while (await reader.ReadLineAsync(quiet.Token) is { } line) received.AppendLine(line);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // Nothing more within 5 s.
        }
        received.ToString().ShouldNotContain("Payroll export", customMessage: "the removed member's open stream still carried the project's new issue: " + received);
    }

    /// <summary>The same for a revoked API token: a leaked read token, revoked by its owner, keeps its open stream.</summary>
    [Fact]
    public async Task A_revoked_api_tokens_open_stream_stops()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var admin = await app.SignedInClientAsync();
        var created = await (await admin.PostJsonAsync("/api/v1/tokens", new { name = "leaked", scopes = new[] { "project:read" } })).ReadJsonAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        var leaked = app.ClientWithToken(created["token"].Str());

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await leaked.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/stream?projectId={projectId}"), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        (await reader.ReadLineAsync(timeout.Token)).ShouldBe(": connected");

        (await admin.DeleteAsync($"/api/v1/tokens/{created["id"]}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await leaked.GetAsync($"/api/v1/projects/{projectId}/issues")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the revoked token is refused for new requests");

        await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(Envelopes.NewEventId(), new { message = "Payroll export leaked SSN 078-05-1120" }));
        await app.DigestAsync();

        var received = new System.Text.StringBuilder();
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        quiet.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            while (await reader.ReadLineAsync(quiet.Token) is { } line) received.AppendLine(line);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // Nothing more within 5 s.
        }
        received.ToString().ShouldNotContain("Payroll export", customMessage: "the revoked token's open stream still carried the project's new issue: " + received);
    }
}
