using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Analysis.Chat;
using BugSage.Server.Tests.Assistant;
using BugSage.Core.Issues;
using BugSage.Server.Assistant.Conversations;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Attack18;

/// <summary>Findings of an outsider's attack on the assistant, each pinned by the test that failed before its fix.</summary>
public class AssistantAttackTests
{
    [Fact]
    public async Task Concurrent_confirmations_of_one_change_run_it_once()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (_, issueId, _) = await AssistantApp.TwoIssuesAsync(app);
        var client = await app.SignedInClientAsync();
        var conversation = await AssistantApp.ConversationAsync(client, new { issueId });
        var call = AssistantApp.Turns(await AssistantApp.AskAsync(client, conversation, "comment on it: racing confirmations"), "tool").Single();
        call["toolStatus"].Str().ShouldBe("awaiting_confirmation");
        var url = $"/api/v1/assistant/conversations/{conversation}/confirmations/{call["id"].Long()}";

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => client.PostJsonAsync(url, new { approve = true }))));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(7);
        var comments = await (await client.GetAsync($"/api/v1/issues/{issueId}/comments")).Content.ReadAsStringAsync();
        comments.Split("racing confirmations").Length.ShouldBe(2, comments);
    }

    [Fact]
    public async Task Event_text_in_tag_keys_reaches_the_offline_answer_only_as_code()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var (projectId, key) = await app.DefaultKeyAsync();
        var id = Envelopes.NewEventId();
        var payload = JsonSerializer.SerializeToNode(Envelopes.NodeError(id))!.AsObject();
        payload["tags"] = new JsonObject { ["<img src=x onerror=alert(1)>"] = "1", ["![x](http://attacker.test/x)"] = "2" };
        (await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(id, payload))).EnsureSuccessStatusCode();
        await app.DigestAsync();
        var issueId = await app.WithDbAsync(db => Task.FromResult(db.Issues.Single().Id));
        var client = await app.SignedInClientAsync();
        var conversation = await AssistantApp.ConversationAsync(client, new { issueId });

        var text = AssistantApp.Turns(await AssistantApp.AskAsync(client, conversation, "what are its tags?"), "assistant").Single()["content"].Str();

        text.ShouldContain("`<img src=x onerror=alert(1)>`");
        text.ShouldContain("`![x](http://attacker.test/x)`");
    }

    [Fact]
    public async Task A_change_confirmed_later_touches_the_issue_that_was_in_view_when_it_was_proposed()
    {
        // The model names no issue ("resolve this"): it means the issue the person was looking at when asking,
        // not the one the conversation started about.
        var model = new ScriptedModel("scripted", _ => ScriptedModel.Calls(("resolve_issue", new { })), _ => ScriptedModel.Text("Confirm it, please."));
        await using var app = await BugSageFactory.CreateAsync("sqlite", services: s => s.AddSingleton<IChatModels>(new ScriptedModels(model)));
        var (_, started, inView) = await AssistantApp.TwoIssuesAsync(app);
        var client = await app.SignedInClientAsync();
        var conversation = await AssistantApp.ConversationAsync(client, new { issueId = started });
        var call = AssistantApp.Turns(await AssistantApp.AskAsync(client, conversation, "resolve this", issueId: inView), "tool").Single();
        call["arguments"]!["issueId"].Long().ShouldBe(inView);

        var confirmed = await client.PostJsonAsync($"/api/v1/assistant/conversations/{conversation}/confirmations/{call["id"].Long()}", new { approve = true });

        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK, await confirmed.Content.ReadAsStringAsync());
        var statuses = await app.WithDbAsync(db => db.Issues.ToDictionaryAsync(i => i.Id, i => i.Status));
        statuses[inView].ShouldBe(IssueStatus.Resolved);
        statuses[started].ShouldBe(IssueStatus.Unresolved);
    }
}
