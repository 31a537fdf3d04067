using System.Text.Json;
using BugSage.Core.Analysis.Chat;
using BugSage.Core.Autofix.Candidates.Agent;
using BugSage.Core.Autofix.Reproduction;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using IChatClient = Microsoft.Extensions.AI.IChatClient;

namespace BugSage.Core.Tests.Autofix.Agent;

/// <summary>
/// Outside review (attack 36) of the model's fix step, unit level: the loop's bounds, what is recorded, and
/// what a model's malformed answers do. Each test fails when the claim it is named after is false.
/// </summary>
public sealed class Attack36FixAgentTests
{
    private const string Cart = "'use strict';\n\nfunction cartTotal(lines) {\n  return lines.map((line) => line.price * line.quantity).reduce((sum, value) => sum + value);\n}\n\nmodule.exports = { cartTotal };\n";
    private const string Reduce = ".reduce((sum, value) => sum + value);";

    private static ChatModel Model(IChatClient client, string name = "m") =>
        new(new ModelSettings(name, "openai", new Uri("https://models.example"), "scripted-1", null, TimeSpan.FromSeconds(5), 500, 0.01m, 0.03m), client);

    private static FixAgent Agent(FixAgentOptions? options = null) => new(options ?? new FixAgentOptions(), TimeProvider.System);

    private static object Edit(string find, string replace, string path = "src/cart.js") =>
        new { summary = "Start the sum at 0", edits = new[] { new { path, find, replace } } };

    private static ChatResponse RawCalls(params (string Tool, IDictionary<string, object?>? Arguments)[] calls) =>
        new(new ChatMessage(ChatRole.Assistant, calls.Select(c => (AIContent)new FunctionCallContent($"call-{Guid.NewGuid():N}", c.Tool, c.Arguments)).ToList()))
        {
            Usage = new UsageDetails { InputTokenCount = 200, OutputTokenCount = 10 },
        };

    private static Dictionary<string, object?> Json(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!.ToDictionary(p => p.Key, p => (object?)p.Value);

    // ---------------------------------------------------------------- claim 1: bounded

    [Fact]
    public async Task Attack36_one_model_answer_with_hundreds_of_tool_calls_is_bounded_within_the_step()
    {
        // A single answer (one step) asking for 500 distinct reads: nothing but the clock bounds how many run,
        // and every answer goes into the next request (a request of unbounded size, priced after it is sent).
        var workspace = new Workspace();
        var model = new ScriptedModel("fan-out",
            _ => ScriptedModel.Calls([.. Enumerable.Range(1, 500).Select(i => ("read_file", (object)new { path = "src/cart.js", first_line = i % 8 + 1, last_line = 8 + i }))]),
            _ => ScriptedModel.Text("done"));

        var result = await Agent(new FixAgentOptions { MaxSteps = 2 }).ProposeAsync([Model(model, model.Name)], "brief", workspace, CancellationToken.None);

        var tools = result.Calls.Count(c => c.Kind == FixAgentCall.Tool);
        var sentSecond = model.Requests[1].Messages.Sum(m => m.Contents.OfType<FunctionResultContent>().Sum(r => r.Result?.ToString()?.Length ?? 0));
        // Any bound would do; none exists. 
        workspace.Reads.ShouldBeLessThanOrEqualTo(64, $"one step ran {workspace.Reads} reads, kept {tools} tool calls and sent {sentSecond:N0} characters of tool answers in the next request");
    }

    [Fact]
    public async Task Attack36_token_usage_that_overflows_an_int_still_ends_the_step_at_the_token_limit()
    {
        // An OpenAI-compatible server reporting 4,294,967,000 prompt tokens: (int) makes it -296, the step's spend goes down.
        var model = new UsageModel(4_294_967_000, 10);

        var result = await Agent(new FixAgentOptions { MaxTokens = 1_000, MaxSteps = 10, MaxCost = 0 }).ProposeAsync([Model(model)], "brief", new Workspace(), CancellationToken.None);

        model.Calls.ShouldBe(1, $"notes: {string.Join(" | ", result.Notes)}; recorded tokens: {string.Join(", ", result.Calls.Where(c => c.Kind == "model").Select(c => c.InputTokens))}");
    }

    [Fact]
    public async Task Attack36_negative_usage_reported_by_the_model_server_does_not_buy_more_budget()
    {
        var model = new UsageModel(-50_000, 10);

        var result = await Agent(new FixAgentOptions { MaxTokens = 1_000, MaxSteps = 10, MaxCost = 0.001m }).ProposeAsync([Model(model)], "brief", new Workspace(), CancellationToken.None);

        result.Calls.Where(c => c.Kind == "model").ShouldAllBe(c => c.InputTokens >= 0 && c.Cost >= 0, "negative tokens and costs are recorded as the organization's spend");
        model.Calls.ShouldBeLessThanOrEqualTo(2, string.Join(" | ", result.Notes));
    }

    [Fact]
    public async Task Attack36_MaxCost_zero_means_no_cost_limit_and_the_other_bounds_still_hold()
    {
        var model = new ScriptedModel("free", _ => ScriptedModel.Calls(("search_repository", new { text = Guid.NewGuid().ToString() })));

        var result = await Agent(new FixAgentOptions { MaxCost = 0, MaxTokens = 1_000 }).ProposeAsync([Model(model, model.Name)], "brief", new Workspace(), CancellationToken.None);

        model.Requests.Count.ShouldBe(5);
        result.Notes.Single().ShouldContain("limit of 1,000 tokens");
    }

    [Fact]
    public async Task Attack36_a_model_that_keeps_proposing_and_testing_is_held_to_the_candidate_and_sandbox_limits()
    {
        var workspace = new Workspace();
        var n = 0;
        var model = new ScriptedModel("eager", _ =>
        {
            n++;
            return ScriptedModel.Calls(("propose_edit", Edit(Reduce, $".reduce((sum, value) => sum + value, {n});")), ("run_tests", new { candidate = n }), ("run_reproduction", new { candidate = n }));
        });

        var result = await Agent(new FixAgentOptions { MaxSteps = 30, MaxCandidates = 3, MaxSandboxRuns = 2, MaxTokens = 10_000_000, MaxCost = 0 })
            .ProposeAsync([Model(model, model.Name)], "brief", workspace, CancellationToken.None);

        result.Candidates.Count.ShouldBe(3);
        workspace.Tried.Count.ShouldBe(2);
        model.Requests.Count.ShouldBe(30);
    }

    // ---------------------------------------------------------------- claim 2: every call recorded

    [Fact]
    public async Task Attack36_a_model_call_cut_by_the_time_limit_is_still_in_the_transcript()
    {
        var model = new HangingModel(answerFirst: true);

        var started = DateTime.UtcNow;
        var result = await Agent(new FixAgentOptions { MaxSeconds = 2 }).ProposeAsync([Model(model, "hangs")], "brief", new Workspace(), CancellationToken.None);

        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(20), "the time limit ends the step");
        result.Notes.Single().ShouldContain("time limit");
        model.Requests.ShouldBe(2);
        result.Calls.Count(c => c.Kind == FixAgentCall.Model).ShouldBe(2,
            "the second model call was made (and may be billed) but the transcript holds: " + string.Join(" | ", result.Calls.Select(c => $"{c.Kind} {c.Name} step {c.Step} error {c.Error}")));
    }

    [Fact]
    public async Task Attack36_a_sandbox_run_cut_by_the_time_limit_is_still_in_the_transcript()
    {
        var workspace = new Workspace { TryHangs = true };
        var model = new ScriptedModel("tester",
            _ => ScriptedModel.Calls(("propose_edit", Edit(Reduce, ".reduce((sum, value) => sum + value, 0);"))),
            _ => ScriptedModel.Calls(("run_tests", new { candidate = 1 })),
            _ => ScriptedModel.Text("done"));

        var result = await Agent(new FixAgentOptions { MaxSeconds = 2 }).ProposeAsync([Model(model, model.Name)], "brief", workspace, CancellationToken.None);

        result.Candidates.Count.ShouldBe(1, "what was proposed is kept");
        result.Notes.Single().ShouldContain("time limit");
        workspace.Tried.Count.ShouldBe(1);
        result.Calls.Where(c => c.Kind == FixAgentCall.Tool).Select(c => c.Name).ShouldBe(["propose_edit", "run_tests"],
            "the sandbox run the model asked for ran (and was killed) but is not in the transcript");
    }

    // ---------------------------------------------------------------- claim 5: nothing a model answers crashes the step

    [Fact]
    public async Task Attack36_wrong_types_nulls_huge_numbers_and_nested_objects_are_answered_not_thrown()
    {
        var workspace = new Workspace();
        var big = new string('x', 100_000);
        var model = new ScriptedModel("fuzzy",
            _ => RawCalls(
                ("read_file", Json("""{"path": 12}""")),
                ("read_file", Json("""{"path": ["src/cart.js"]}""")),
                ("read_file", Json("""{"path": {"p": "src/cart.js"}}""")),
                ("read_file", Json("""{"path": "src/cart.js", "first_line": "2"}""")),
                ("read_file", Json("""{"path": "src/cart.js", "first_line": 1e100}""")),
                ("read_file", Json("""{"path": "src/cart.js", "first_line": 9223372036854775807, "last_line": 3}""")),
                ("read_file", Json("""{"path": "src/cart.js", "first_line": 5, "last_line": 2}""")),
                ("read_file", Json("""{"path": "src/cart.js", "first_line": -5}""")),
                ("read_file", Json("""{"path": "src/cart.js", "first_line": 2.5}""")),
                ("read_file", Json("""{"path": null}""")),
                ("read_file", null),
                ("read_file", new Dictionary<string, object?> { ["path"] = null, ["first_line"] = null }),
                ("read_file", Json($$"""{"path": "{{big}}"}""")),
                ("search_repository", Json("""{"text": true}""")),
                ("search_repository", Json($$"""{"text": "{{big}}"}""")),
                ("run_tests", Json("""{"candidate": "1"}""")),
                ("run_tests", Json("""{"candidate": 1e100}""")),
                ("run_tests", Json("""{"candidate": 4294967297}""")),
                ("run_tests", Json("""{"candidate": -1}""")),
                ("run_tests", Json("""{}""")),
                ("run_reproduction", Json("""{"candidate": null}""")),
                ("run_reproduction", Json("""{"candidate": 1.0}""")),
                ("propose_edit", Json("""{"summary": "s", "edits": {"path": "src/cart.js", "find": "x", "replace": "y"}}""")),
                ("propose_edit", Json("""{"summary": "s", "edits": [null, 3, "x"]}""")),
                ("propose_edit", Json("""{"summary": "s", "edits": [{"path": "src/cart.js", "find": 1, "replace": 2}]}""")),
                ("propose_edit", Json("""{"summary": "s", "edits": [{"path": "src/cart.js", "find": "use strict", "replace": null}]}""")),
                ("propose_edit", Json($$"""{"summary": "s", "edits": [{"path": "src/cart.js", "find": "use strict", "replace": "{{big}}"}]}""")),
                ("propose_edit", Json("""{"summary": null, "edits": []}""")),
                ("", Json("""{}""")),
                (new string('t', 10_000), Json("""{}"""))),
            _ => ScriptedModel.Text("done"));

        var result = await Agent(new FixAgentOptions { MaxToolCallsPerStep = 64 }).ProposeAsync([Model(model, model.Name)], "brief", workspace, CancellationToken.None);

        result.Notes.Single().ShouldStartWith("fuzzy finished");
        var tools = result.Calls.Where(c => c.Kind == FixAgentCall.Tool).ToList();
        tools.Count.ShouldBe(30);
        tools.ShouldAllBe(t => t.Result != null && t.Result.Length <= FixAgentCall.MaxText + 1);
        // None of these reached BugSage's own failure path ("The tool failed on BugSage's side"): each is answered in words.
        tools.Where(t => t.Result!.StartsWith("The tool failed", StringComparison.Ordinal)).Select(t => t.Arguments).ShouldBeEmpty();
        workspace.Tried.ShouldBeEmpty();
    }

    [Fact]
    public async Task Attack36_a_blank_summary_is_not_a_candidate_without_a_summary()
    {
        var model = new ScriptedModel("blank",
            _ => RawCalls(("propose_edit", Json("""{"summary": "   ", "edits": [{"path": "src/cart.js", "find": "use strict", "replace": "use  strict"}]}"""))),
            _ => ScriptedModel.Text("done"));

        var result = await Agent().ProposeAsync([Model(model, model.Name)], "brief", new Workspace(), CancellationToken.None);

        result.Candidates.ShouldAllBe(c => c.Summary.Length > 0, string.Join(" | ", result.Calls.Select(c => c.Result)));
    }

    [Fact]
    public async Task Attack36_a_NaN_or_infinite_number_in_the_arguments_does_not_crash_the_step()
    {
        var model = new ScriptedModel("nan",
            _ => RawCalls(("read_file", new Dictionary<string, object?> { ["path"] = "src/cart.js", ["first_line"] = double.NaN }),
                ("run_tests", new Dictionary<string, object?> { ["candidate"] = double.PositiveInfinity })),
            _ => ScriptedModel.Text("done"));

        var result = await Agent().ProposeAsync([Model(model, model.Name)], "brief", new Workspace(), CancellationToken.None);

        result.Notes.Single().ShouldStartWith("nan finished");
    }

    [Fact]
    public async Task Attack36_a_client_that_throws_mid_call_is_a_recorded_failure_and_the_next_model_is_asked()
    {
        var throwsOce = new ThrowingModel(new TaskCanceledException("client's own timeout"));
        var throwsIo = new ThrowingModel(new IOException("connection reset"));
        var fine = new ScriptedModel("fine", _ => ScriptedModel.Text("done"));

        var result = await Agent().ProposeAsync([Model(throwsOce, "oce"), Model(throwsIo, "io"), Model(fine, "fine")], "brief", new Workspace(), CancellationToken.None);

        result.Model!.Settings.Name.ShouldBe("fine", string.Join(" | ", result.Notes));
        result.Calls.Where(c => c.Error != null).Select(c => c.Name).ShouldBe(["oce", "io"]);
    }

    [Fact]
    public async Task Attack36_a_client_that_answers_null_is_a_recorded_failure()
    {
        var fine = new ScriptedModel("fine", _ => ScriptedModel.Text("done"));

        var result = await Agent().ProposeAsync([Model(new ThrowingModel(null), "null"), Model(fine, "fine")], "brief", new Workspace(), CancellationToken.None);

        result.Model!.Settings.Name.ShouldBe("fine");
    }

    [Fact]
    public async Task Attack36_a_tool_whose_own_timeout_surfaces_as_OperationCanceledException_is_answered_not_thrown()
    {
        // The time limit was not reached and the session was not cancelled: an OperationCanceledException from the
        // workspace's own machinery (an HTTP timeout in a restore, a linked token) is a tool failure like any other.
        var workspace = new Workspace { TryThrows = new TaskCanceledException("restore registry timed out") };
        var model = new ScriptedModel("m",
            _ => ScriptedModel.Calls(("propose_edit", Edit(Reduce, ".reduce((sum, value) => sum + value, 0);"))),
            _ => ScriptedModel.Calls(("run_tests", new { candidate = 1 })),
            _ => ScriptedModel.Text("done"));

        FixAgent.Result? result = null;
        var thrown = await Record.ExceptionAsync(async () => result = await Agent().ProposeAsync([Model(model, model.Name)], "brief", workspace, CancellationToken.None));
        thrown.ShouldBeNull($"the step threw {thrown?.GetType().Name}: {thrown?.Message}");
        result.ShouldNotBeNull();

        result.Candidates.Count.ShouldBe(1);
        result.Calls.Last(c => c.Kind == FixAgentCall.Tool).Result!.ShouldStartWith("The tool failed on BugSage's side");
    }

    // ---------------------------------------------------------------- doubles

    /// <summary>Answers every request with a search call and the given usage.</summary>
    private sealed class UsageModel(long input, long output) : IChatClient
    {
        public int Calls;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant,
                [new FunctionCallContent($"c{Calls}", "search_repository", new Dictionary<string, object?> { ["text"] = $"needle {Calls}" })]))
            {
                Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output },
            });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }

    /// <summary>Answers once with a search call (when told), then never answers until cancelled.</summary>
    private sealed class HangingModel(bool answerFirst) : IChatClient
    {
        public int Requests;

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (++Requests == 1 && answerFirst)
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "search_repository", new Dictionary<string, object?> { ["text"] = "cartTotal" })]))
                {
                    Usage = new UsageDetails { InputTokenCount = 200, OutputTokenCount = 10 },
                };
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }

    /// <summary>Throws the exception on every call; with none, answers a null response.</summary>
    private sealed class ThrowingModel(Exception? e) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            e is null ? Task.FromResult<ChatResponse>(null!) : Task.FromException<ChatResponse>(e);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }

    /// <summary>The fake repository of FixAgentTests: one file, a standing reproduction, a sandbox that passes (or hangs, or throws).</summary>
    private sealed class Workspace : IFixWorkspace
    {
        private readonly Dictionary<string, string> files = new() { ["src/cart.js"] = Cart };

        public bool TryHangs { get; init; }
        public Exception? TryThrows { get; init; }
        public List<string> Tried { get; } = [];
        public int Reads { get; private set; }

        public Task<string?> ReadAsync(string path, CancellationToken ct)
        {
            Reads++;
            return Task.FromResult(files.GetValueOrDefault(path));
        }

        public Task<IReadOnlyList<string>> SearchAsync(string text, int max, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<string>>([.. files.SelectMany(f => f.Value.Split('\n').Select((l, i) => (f.Key, Line: i + 1, Text: l)))
                .Where(l => l.Text.Contains(text, StringComparison.Ordinal)).Take(max).Select(l => $"{l.Key}:{l.Line}:{l.Text}")]);

        public string DescribeReproduction() => "a test reproduces the crash";

        public bool Reproduced => true;

        public Task<IReadOnlyList<string>> ReviewAsync(string diff, CancellationToken ct) => Task.FromResult(PatchGuard.Review(diff, PatchScope.None).Problems);

        public async Task<CandidateResult> TryAsync(string diff, CancellationToken ct)
        {
            Tried.Add(diff);
            if (TryThrows is { } e) throw e;
            if (TryHangs) await Task.Delay(Timeout.Infinite, ct);
            return new CandidateResult(0, [], true, true, true, [], [], true, 0.1, true, "1 passing") { Reproduction = new ReproductionRun(0, null, "ok") { Returned = true } };
        }
    }
}
