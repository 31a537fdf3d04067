using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Assistant;

/// <summary>A conversation's events on the hub: for its owner only.</summary>
public class ConversationHubTests
{
    [Fact]
    public async Task The_owner_follows_an_answer_on_the_hub_and_nobody_else_may_join()
    {
        // Kestrel: the hub is reached over a real WebSocket.
        await using var app = await BugSageFactory.CreateAsync("sqlite", kestrel: true);
        var (projectId, _, _) = await AssistantApp.TwoIssuesAsync(app);
        var owner = await app.SignedInClientAsync();
        var conversation = await AssistantApp.ConversationAsync(owner, new { projectId });
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var hub = await HubSocket.ConnectAsync(app, await app.AccessTokenAsync(), deadline.Token);
        (await hub.InvokeAsync("JoinGroup", $"conversation:{conversation}", deadline.Token))!.GetValue<bool>().ShouldBeTrue();

        await AssistantApp.AskAsync(owner, conversation, "what are the newest issues?");

        (await hub.EventAsync("assistant.tool_call", deadline.Token))["tool"].Str().ShouldBe("search_issues");
        var done = await hub.EventAsync("assistant.done", deadline.Token);
        done["engine"].Str().ShouldBe("offline");

        // A colleague of the same organization, and another tenant, are refused the group.
        await app.MemberOfDefaultAsync("colleague@example.com", BugSage.Core.Accounts.Roles.Admin);
        await using var colleague = await HubSocket.ConnectAsync(app, await app.AccessTokenAsync("colleague@example.com", "member-password-123"), deadline.Token);
        (await colleague.InvokeAsync("JoinGroup", $"conversation:{conversation}", deadline.Token))!.GetValue<bool>().ShouldBeFalse();
        await app.NewTenantAsync("intruder@example.com");
        await using var intruder = await HubSocket.ConnectAsync(app, await app.AccessTokenAsync("intruder@example.com", "tenant-password-123"), deadline.Token);
        (await intruder.InvokeAsync("JoinGroup", $"conversation:{conversation}", deadline.Token))!.GetValue<bool>().ShouldBeFalse();
        (await intruder.InvokeAsync("JoinGroup", $"conversation:{conversation} ", deadline.Token))!.GetValue<bool>().ShouldBeFalse();
    }
}
