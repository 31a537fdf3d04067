using System.Text.Json.Nodes;
using BugSage.Core.Analysis.Chat;
using BugSage.Core.Autofix.Sessions;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Autofix;

/// <summary>
/// Outside review (attack 36) of the model's fix step in whole sessions: guarded files, committed symlinks, and what is
/// recorded when the step does not end by itself.
/// </summary>
public sealed class Attack36FixAgentSessionTests : IDisposable
{
    private const string Division = "    return sum(values) / len(values)";

    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    private async Task<(BugSageFactory App, HttpClient Api, long Session)> StartAsync(Microsoft.Extensions.AI.IChatClient model, string name,
        (string Path, string Text)[]? moreFiles = null, Action<TestRepository>? beforeLink = null, Func<BugSageFactory, long, Task>? beforeRun = null)
    {
        var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:RunsFixSessions"] = "false" },
            services: s => s.AddSingleton<IChatModels>(new Models(name, model)));
        var api = await app.SignedInClientAsync();
        beforeLink?.Invoke(git);
        var issueId = await FixScenarios.AverageOfNothingAsync(app, api, git, testsSayEmptyIsZero: true, withLocals: true, moreFiles: moreFiles);
        var session = (await (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();
        if (beforeRun is not null) await beforeRun(app, session);
        await app.RunFixSessionsAsync();
        return (app, api, session);
    }

    private static object Edit(string summary, string path, string find, string replace) => new { summary, edits = new[] { new { path, find, replace } } };

    [Fact]
    public async Task Attack36_model_edits_of_files_that_run_during_validation_are_refused_and_never_validated()
    {
        var model = new ScriptedModel("fixer",
            _ => ScriptedModel.Calls(
                ("propose_edit", Edit("conftest", "conftest.py", "# conftest", "import os\nos._exit(0)\n# conftest")),
                ("propose_edit", Edit("config", "bugsage.json", "\"python3 -m unittest\"", "\"true\"")),
                ("propose_edit", Edit("setup", "setup.cfg", "[metadata]", "[metadata]\n# x"))),
            _ => ScriptedModel.Calls(("run_tests", new { candidate = 1 }), ("run_tests", new { candidate = 2 }), ("run_tests", new { candidate = 3 })),
            _ => ScriptedModel.Text("done"));
        var (app, api, id) = await StartAsync(model, "fixer", moreFiles: [("conftest.py", "# conftest\n"), ("bugsage.json", """{ "test": "python3 -m unittest" }"""), ("setup.cfg", "[metadata]\nname = stats\n")]);
        await using var _ = app;

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{id}");
        var fromModel = session["candidates"]!.AsArray().Where(c => c!["origin"].Str() == "fixer").ToList();
        fromModel.Count.ShouldBe(3, session.ToJsonString());
        fromModel.ShouldAllBe(c => !c!["validated"]!.GetValue<bool>(), session.ToJsonString());
        fromModel.ShouldAllBe(c => c!["problems"]!.AsArray().Count > 0, session.ToJsonString());
    }

    [Fact]
    public async Task Attack36_a_committed_symlink_out_of_the_repository_reads_as_its_target_and_a_retargeting_candidate_is_refused()
    {
        var model = new ScriptedModel("fixer",
            _ => ScriptedModel.Calls(("read_file", new { path = "hosts" }), ("read_file", new { path = "etcdir/passwd" }), ("search_repository", new { text = "root:" })),
            _ => ScriptedModel.Calls(("propose_edit", Edit("retarget", "hosts", "/etc/hosts", "/etc/passwd"))),
            _ => ScriptedModel.Calls(("run_tests", new { candidate = 1 })),
            _ => ScriptedModel.Text("done"));
        var (app, api, id) = await StartAsync(model, "fixer", beforeLink: repo =>
        {
            File.CreateSymbolicLink(Path.Combine(repo.Path, "hosts"), "/etc/hosts");
            File.CreateSymbolicLink(Path.Combine(repo.Path, "etcdir"), "/etc");
        });
        await using var _ = app;

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{id}");
        var tools = session["modelTranscript"]!.AsArray().Where(c => c!["kind"].Str() == "tool").Select(c => c!["result"]?.GetValue<string>() ?? "").ToList();
        tools[0].ShouldContain("1 /etc/hosts", Case.Sensitive, session["modelTranscript"]!.ToJsonString());
        tools[0].ShouldNotContain("localhost");
        tools[1].ShouldContain("no such file");
        tools[2].ShouldNotContain("root:x");
        // The link is named as such when proposed and before a sandbox run is spent; validation's git refuses the text patch on it ("wrong type").
        tools[3].ShouldContain("Validation will refuse it: hosts: a symbolic link in the repository, not a file a fix edits");
        tools[4].ShouldContain("Candidate 1 is refused before it runs: hosts: a symbolic link in the repository", Case.Sensitive, tools[4]);
        var proposed = session["candidates"]!.AsArray().Single(c => c!["origin"].Str() == "fixer")!;
        proposed["validated"]!.GetValue<bool>().ShouldBeFalse();
        proposed["validation"]!["applied"]!.GetValue<bool>().ShouldBeFalse(proposed.ToJsonString());
    }

    [Fact]
    public async Task Attack36_model_calls_already_made_are_recorded_when_the_session_is_cancelled_during_the_fix_step()
    {
        BugSageFactory? running = null;
        long sessionId = 0;
        var model = new CancellingModel(async () =>
        {
            // A person cancels the session while the model thinks about its second step.
            await running!.WithDbAsync(db => db.FixSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, FixSessionStatus.Cancelled)));
        });
        var (app, api, id) = await StartAsync(model, "fixer", beforeRun: (a, s) =>
        {
            (running, sessionId) = (a, s);
            return Task.CompletedTask;
        });
        await using var _ = app;

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{id}");
        session["status"].Str().ShouldBe("cancelled");
        model.Requests.ShouldBe(2);
        var recorded = await app.WithDbAsync(db => db.ModelCalls.CountAsync(c => c.Purpose == "fix"));
        recorded.ShouldBeGreaterThanOrEqualTo(1,
            $"the first model call (210 tokens, billed) is in neither the organization's model calls ({recorded}) nor the transcript ({session["modelTranscript"]?.ToJsonString() ?? "null"})");
    }

    /// <summary>Hands the fix step one model.</summary>
    private sealed class Models(string name, Microsoft.Extensions.AI.IChatClient client) : IChatModels
    {
        public Task<IReadOnlyList<ChatModel>> ChainAsync(BugSage.Core.Data.AppDbContext db, long organizationId, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<ChatModel>>([new ChatModel(
                new ModelSettings(name, "openai", new Uri("https://models.example"), "scripted-1", null, TimeSpan.FromSeconds(5), 500, 0.01m, 0.03m), client)]);
    }

    /// <summary>Answers a search first; on the second request runs <paramref name="meanwhile"/> and waits until cancelled.</summary>
    private sealed class CancellingModel(Func<Task> meanwhile) : Microsoft.Extensions.AI.IChatClient
    {
        public int Requests;

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref Requests) == 1)
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "search_repository", new Dictionary<string, object?> { ["text"] = "average" })]))
                {
                    Usage = new UsageDetails { InputTokenCount = 200, OutputTokenCount = 10 },
                };
            await meanwhile();
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            throw new TimeoutException("the session was not cancelled within 30 s");
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }
}
