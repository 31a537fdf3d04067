using System.Net;
using BugSage.Core.Issues;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Assistant;

/// <summary>The assistant's conversations over HTTP, answered offline (no model configured).</summary>
public class ConversationTests
{
    [Theory, SqliteData, PostgresData]
    public async Task The_newest_issues_are_answered_from_the_issue_list_with_the_tool_call_recorded(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, older, newer) = await AssistantApp.TwoIssuesAsync(app);
        var client = await app.SignedInClientAsync();
        var conversation = await AssistantApp.ConversationAsync(client, new { projectId });

        var answer = await AssistantApp.AskAsync(client, conversation, "What are the newest issues?");

        answer["engine"].Str().ShouldBe("offline");
        var call = AssistantApp.Turns(answer, "tool").Single();
        call["tool"].Str().ShouldBe("search_issues");
        call["toolStatus"].Str().ShouldBe("ok");
        var listed = call["result"]!["result"]!["issues"]!.AsArray().Select(i => i!["id"].Long()).ToList();
        listed.ShouldBe([newer, older]);
        var text = AssistantApp.Turns(answer, "assistant").Single()["content"].Str();
        var shortIds = await app.WithDbAsync(db => db.Issues.OrderByDescending(i => i.FirstSeen).Select(i => i.ShortNumber).ToListAsync());
        text.IndexOf($"DEFAULT-{shortIds[0]}", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf($"DEFAULT-{shortIds[1]}", StringComparison.Ordinal));
        text.ShouldStartWith("2 issues");

        // The history holds the question, the call and the answer; the title is the first question.
        var detail = await (await client.GetAsync($"/api/v1/assistant/conversations/{conversation}")).ReadJsonAsync();
        detail["conversation"]!["title"].Str().ShouldBe("What are the newest issues?");
        detail["messages"]!.AsArray().Select(m => m!["role"].Str()).ShouldBe(["user", "tool", "assistant"]);
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "assistant.tool_read" && a.Target == "search_issues"))).ShouldBe(1);
        var metrics = await app.CreateClient().GetStringAsync("/metrics");
        metrics.ShouldContain("bugsage_assistant_answers_total{engine=\"offline\"} 1");
        metrics.Split('\n').ShouldContain(l => l.StartsWith("bugsage_assistant_tool_calls_total{") && l.Contains("tool=\"search_issues\"") && l.Contains("outcome=\"Ok\"") && l.EndsWith("} 1"),
            metrics);
    }

    [Fact]
    public async Task An_answer_streams_as_server_sent_events_in_order()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, _, _) = await AssistantApp.TwoIssuesAsync(app);
        var client = await app.SignedInClientAsync();
        var conversation = await AssistantApp.ConversationAsync(client, new { projectId });

        var events = await AssistantApp.AskStreamingAsync(client, $"/api/v1/assistant/conversations/{conversation}/messages", new { content = "newest issues please" });

        events.Select(e => e.Type).ShouldBe(["message", "tool_call", "tool_result", "delta", "done"]);
        events[1].Data["tool"].Str().ShouldBe("search_issues");
        events[2].Data["result"]!["ok"]!.GetValue<bool>().ShouldBeTrue();
        events[4].Data["content"].Str().ShouldBe(events[3].Data["text"].Str());
        events[4].Data["usage"]!["cost"]!.GetValue<decimal>().ShouldBe(0m);
    }

    [Fact]
    public async Task A_change_waits_for_confirmation_and_runs_only_once_approved()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (_, issueId, _) = await AssistantApp.TwoIssuesAsync(app);
        var client = await app.SignedInClientAsync();
        var conversation = await AssistantApp.ConversationAsync(client, new { issueId });

        var answer = await AssistantApp.AskAsync(client, conversation, "resolve it");

        var call = AssistantApp.Turns(answer, "tool").Single();
        call["tool"].Str().ShouldBe("resolve_issue");
        call["toolStatus"].Str().ShouldBe("awaiting_confirmation");
        (await StatusAsync(app, issueId)).ShouldBe(IssueStatus.Unresolved);

        var url = $"/api/v1/assistant/conversations/{conversation}/confirmations/{call["id"].Long()}";
        var confirmed = await client.PostJsonAsync(url, new { approve = true });
        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK, await confirmed.Content.ReadAsStringAsync());
        (await StatusAsync(app, issueId)).ShouldBe(IssueStatus.Resolved);
        AssistantApp.Turns(await confirmed.ReadJsonAsync(), "assistant").Single()["content"].Str().ShouldStartWith("Resolved");
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "assistant.tool_changed" && a.Target == "resolve_issue"))).ShouldBe(1);

        // A decision is taken once.
        (await client.PostJsonAsync(url, new { approve = true })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_declined_change_never_runs()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (_, issueId, _) = await AssistantApp.TwoIssuesAsync(app);
        var client = await app.SignedInClientAsync();
        var conversation = await AssistantApp.ConversationAsync(client, new { issueId });
        var call = AssistantApp.Turns(await AssistantApp.AskAsync(client, conversation, "resolve it"), "tool").Single();

        var declined = await client.PostJsonAsync($"/api/v1/assistant/conversations/{conversation}/confirmations/{call["id"].Long()}", new { approve = false });

        declined.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StatusAsync(app, issueId)).ShouldBe(IssueStatus.Unresolved);
        var stored = await (await client.GetAsync($"/api/v1/assistant/conversations/{conversation}")).ReadJsonAsync();
        stored["messages"]!.AsArray().Single(m => m!["role"].Str() == "tool")!["toolStatus"].Str().ShouldBe("declined");
    }

    [Fact]
    public async Task A_viewer_is_not_offered_changes_and_cannot_confirm_one_into_existence()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (_, issueId, _) = await AssistantApp.TwoIssuesAsync(app);
        var viewer = await app.MemberOfDefaultAsync("viewer@example.com", BugSage.Core.Accounts.Roles.Viewer);
        var tools = (await (await viewer.GetAsync("/api/v1/assistant/tools")).ReadJsonAsync()).AsArray();
        tools.ShouldNotBeEmpty();
        tools.ShouldAllBe(t => !t!["changes"]!.GetValue<bool>());
        var conversation = await AssistantApp.ConversationAsync(viewer, new { issueId });

        var call = AssistantApp.Turns(await AssistantApp.AskAsync(viewer, conversation, "resolve it"), "tool").Single();

        call["toolStatus"].Str().ShouldBe("refused");
        (await StatusAsync(app, issueId)).ShouldBe(IssueStatus.Unresolved);
    }

    [Fact]
    public async Task Conversations_are_their_owners_alone()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, _, _) = await AssistantApp.TwoIssuesAsync(app);
        var owner = await app.SignedInClientAsync();
        var conversation = await AssistantApp.ConversationAsync(owner, new { projectId });
        await AssistantApp.AskAsync(owner, conversation, "newest issues");
        // A colleague in the same organization sees none of it.
        var colleague = await app.MemberOfDefaultAsync("colleague@example.com", BugSage.Core.Accounts.Roles.Admin);

        (await colleague.GetAsync($"/api/v1/assistant/conversations/{conversation}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await colleague.PostJsonAsync($"/api/v1/assistant/conversations/{conversation}/messages", new { content = "newest issues" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await colleague.DeleteAsync($"/api/v1/assistant/conversations/{conversation}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await colleague.GetAsync("/api/v1/assistant/conversations")).ReadJsonAsync())["items"]!.AsArray().ShouldBeEmpty();
        // Another tenant cannot start one about this project.
        var (intruder, _, _) = await app.NewTenantAsync("intruder@example.com");
        (await intruder.PostJsonAsync("/api/v1/assistant/conversations", new { projectId })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var mine = await (await owner.GetAsync("/api/v1/assistant/conversations")).ReadJsonAsync();
        mine["items"]!.AsArray().Single()!["id"].Long().ShouldBe(conversation);
        (await owner.DeleteAsync($"/api/v1/assistant/conversations/{conversation}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.WithDbAsync(db => db.ConversationMessages.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task Questions_past_the_per_minute_limit_get_429_with_retry_after()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Assistant:MessagesPerMinutePerUser"] = "2" });
        var client = await app.SignedInClientAsync();
        var conversation = await AssistantApp.ConversationAsync(client);
        await AssistantApp.AskAsync(client, conversation, "hello");
        await AssistantApp.AskAsync(client, conversation, "hello again");

        var refused = await client.PostJsonAsync($"/api/v1/assistant/conversations/{conversation}/messages", new { content = "and again" });

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(60));
        (await app.WithDbAsync(db => db.ConversationMessages.CountAsync(m => m.Role == "user"))).ShouldBe(2);
    }

    [Fact]
    public async Task Deleting_conversations_gives_no_questions_back()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Assistant:MessagesPerMinutePerUser"] = "2" });
        var client = await app.SignedInClientAsync();
        var first = await AssistantApp.ConversationAsync(client);
        await AssistantApp.AskAsync(client, first, "hello");
        await AssistantApp.AskAsync(client, first, "hello again");
        (await client.DeleteAsync($"/api/v1/assistant/conversations/{first}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var second = await AssistantApp.ConversationAsync(client);
        (await client.PostJsonAsync($"/api/v1/assistant/conversations/{second}/messages", new { content = "and again" })).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Bad_questions_are_400_and_store_nothing()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Assistant:MaxQuestionLength"] = "100" });
        var client = await app.SignedInClientAsync();
        var conversation = await AssistantApp.ConversationAsync(client);
        var url = $"/api/v1/assistant/conversations/{conversation}/messages";

        (await client.PostJsonAsync(url, new { content = "" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PostJsonAsync(url, new { content = new string('x', 101) })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PostAsync(url, new StringContent("{\"content\": [1,", System.Text.Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PostJsonAsync(url, new { content = "newest", issueId = 999_999 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.WithDbAsync(db => db.ConversationMessages.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task A_long_conversation_folds_its_oldest_turns_into_the_summary()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Assistant:MaxMessagesPerConversation"] = "10" });
        var client = await app.SignedInClientAsync();
        var conversation = await AssistantApp.ConversationAsync(client);
        for (var i = 0; i < 6; i++) await AssistantApp.AskAsync(client, conversation, $"question number {i}");

        var detail = await (await client.GetAsync($"/api/v1/assistant/conversations/{conversation}")).ReadJsonAsync();

        var kept = detail["messages"]!.AsArray();
        kept.Count.ShouldBeLessThanOrEqualTo(10);
        detail["conversation"]!["messageCount"]!.GetValue<int>().ShouldBe(kept.Count);
        detail["summary"].Str().ShouldContain("asked: question number 0");
        kept.ShouldContain(m => m!["content"].Str() == "question number 5");
        kept.ShouldNotContain(m => m!["content"].Str() == "question number 0");
    }

    [Fact]
    public async Task Idle_conversations_are_swept_with_their_turns()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Assistant:ConversationIdleDays"] = "2" }, clock: clock);
        var stale = await AssistantApp.ConversationAsync(await app.SignedInClientAsync());
        await AssistantApp.AskAsync(await app.SignedInClientAsync(), stale, "hello");
        clock.Advance(TimeSpan.FromDays(1.5));
        // Sign-ins expire as the clock moves: each step signs in afresh.
        var fresh = await AssistantApp.ConversationAsync(await app.SignedInClientAsync());
        clock.Advance(TimeSpan.FromDays(1));
        var client = await app.SignedInClientAsync();

        // Past its idle time a conversation is gone at once for its owner, and the sweep removes it.
        (await client.GetAsync($"/api/v1/assistant/conversations/{stale}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var swept = await app.Services.GetRequiredService<BugSage.Server.Assistant.Conversations.ConversationSweeper>().SweepAsync(CancellationToken.None);

        swept.ShouldBe(1);
        (await app.WithDbAsync(db => db.Conversations.Select(c => c.Id).ToListAsync())).ShouldBe([fresh]);
        (await app.WithDbAsync(db => db.ConversationMessages.CountAsync())).ShouldBe(0);
    }

    private static Task<string> StatusAsync(BugSageFactory app, long issueId) =>
        app.WithDbAsync(db => db.Issues.Where(i => i.Id == issueId).Select(i => i.Status).SingleAsync());
}
