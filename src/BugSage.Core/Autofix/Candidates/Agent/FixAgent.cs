using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Analysis.Chat;
using Microsoft.Extensions.AI;

namespace BugSage.Core.Autofix.Candidates.Agent;

/// <summary>
/// The fix step with a configured model: the model gets the error (fenced as data), the analysis, the failing
/// code and the reproduction, and works with tools (<see cref="FixAgentTools"/>) in a loop bounded by steps,
/// tool calls per step, tokens, time and cost (<see cref="FixAgentOptions"/>). What it proposes are candidates
/// like the offline engine's, proved afterwards by the same validation; nothing it says or runs here validates
/// anything. Every model call and tool call is kept (<see cref="FixAgentCall"/>), into a list the caller owns, so
/// that a step cut short (cancelled, stopped at the time limit) still leaves what it did. The models are tried
/// in their fallback order until one answers; one that fails after it has answered keeps what it proposed.
/// </summary>
public sealed class FixAgent(FixAgentOptions limits, TimeProvider clock)
{
    public sealed record Result(IReadOnlyList<FixCandidate> Candidates, IReadOnlyList<string> Notes, ChatModel? Model, IReadOnlyList<FixAgentCall> Calls);

    /// <summary>A model that reports no usage is charged this many characters per token, so the token and cost limits still hold for it.</summary>
    private const int CharactersPerToken = 4;

    /// <param name="calls">Where each call is kept as it ends; a new list when not given.</param>
    public async Task<Result> ProposeAsync(IReadOnlyList<ChatModel> models, string brief, IFixWorkspace workspace, CancellationToken ct, List<FixAgentCall>? calls = null)
    {
        calls ??= [];
        var notes = new List<string>();
        using var timeLimit = new CancellationTokenSource(TimeSpan.FromSeconds(limits.MaxSeconds), clock);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct, timeLimit.Token);
        var spent = new Budget { Began = clock.GetTimestamp() };
        foreach (var model in models)
        {
            var tools = new FixAgentTools(workspace, limits);
            var (answered, note) = await ConverseAsync(model, brief, tools, calls, spent, bounded.Token, ct);
            if (!answered)
            {
                notes.Add($"{model.Settings.Name}: {note}");
                continue;
            }
            notes.Add($"{model.Settings.Name} {note}");
            return new Result(tools.Candidates, notes, model, calls);
        }
        return new Result([], notes, null, calls);
    }

    /// <summary>What the step spent so far, over every model it tried.</summary>
    private sealed class Budget
    {
        public long Began;
        public long Tokens;
        public decimal Cost;
    }

    /// <summary>One model's conversation; false when it failed before answering anything (the next model is asked).</summary>
    private async Task<(bool Answered, string Note)> ConverseAsync(ChatModel model, string brief, FixAgentTools tools, List<FixAgentCall> calls, Budget spent,
        CancellationToken bounded, CancellationToken outer)
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, FixAgentPrompt.Instructions(limits.MaxCandidates)), new(ChatRole.User, brief) };
        var options = new ChatOptions { Tools = [.. FixAgentTools.Declarations], ToolMode = ChatToolMode.Auto, MaxOutputTokens = model.Settings.MaxOutputTokens };
        var step = 0;
        var answered = false;
        string Told(string how) => $"{how} after {step} step{(step == 1 ? "" : "s")}: {tools.Candidates.Count} candidate{(tools.Candidates.Count == 1 ? "" : "s")} proposed, {tools.SandboxRuns} sandbox run{(tools.SandboxRuns == 1 ? "" : "s")}";
        string TimeUp() => Told($"stopped at the step's time limit of {limits.MaxSeconds} s");
        while (true)
        {
            if (step >= limits.MaxSteps) return (true, Told($"stopped at its limit of {limits.MaxSteps} steps"));
            if (spent.Tokens >= limits.MaxTokens) return (answered, Told($"stopped at the step's limit of {limits.MaxTokens:N0} tokens"));
            // Checked between calls as well as by the token: a clock that moved on without a timer firing still ends the step.
            if (clock.GetElapsedTime(spent.Began) >= TimeSpan.FromSeconds(limits.MaxSeconds) || bounded.IsCancellationRequested && !outer.IsCancellationRequested) return (answered, TimeUp());
            if (limits.MaxCost > 0 && spent.Cost >= limits.MaxCost) return (answered, Told($"stopped at the step's cost limit of {limits.MaxCost}"));
            step++;
            var started = clock.GetTimestamp();
            ChatResponse response;
            try
            {
                response = await model.Client.GetResponseAsync(messages, options, bounded)
                    ?? throw new ModelCallException("the model's answer could not be read", transient: false);
            }
            catch (OperationCanceledException) when (bounded.IsCancellationRequested && !outer.IsCancellationRequested)
            {
                calls.Add(new FixAgentCall(step, FixAgentCall.Model, model.Settings.Name, null, null, 0, 0, 0, Elapsed(started), "stopped at the step's time limit"));
                return (answered, TimeUp());
            }
            catch (Exception e) when (e is not OperationCanceledException || !outer.IsCancellationRequested)
            {
                calls.Add(new FixAgentCall(step, FixAgentCall.Model, model.Settings.Name, null, null, 0, 0, 0, Elapsed(started), ModelFailure.Reason(e)));
                return (answered, answered ? Told("failed") + "; " + ModelFailure.Reason(e) : ModelFailure.Reason(e));
            }
            answered = true;
            var requested = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            var (input, output) = Usage(response, messages, requested);
            var cost = ModelCost.Of(model.Settings, input, output);
            spent.Tokens += (long)input + output;
            spent.Cost += cost;
            calls.Add(new FixAgentCall(step, FixAgentCall.Model, model.Settings.Name, null,
                FixAgentCall.Cut(requested.Count == 0 ? response.Text : string.Join(", ", requested.Take(limits.MaxToolCallsPerStep + 1).Select(c => c.Name))),
                input, output, cost, Elapsed(started), null));
            messages.AddMessages(response);
            if (requested.Count == 0) return (true, Told("finished"));
            var results = new List<AIContent>();
            foreach (var (call, index) in requested.Select((c, i) => (c, i)))
            {
                // Every call gets an answer (the providers refuse a conversation with a call left unanswered); those past the step's share are not run.
                if (index >= limits.MaxToolCallsPerStep)
                {
                    results.Add(new FunctionResultContent(call.CallId, $"Not run: at most {limits.MaxToolCallsPerStep} tool calls are run per answer."));
                    continue;
                }
                var arguments = Arguments(call);
                var ran = clock.GetTimestamp();
                string answer;
                try
                {
                    answer = await tools.RunAsync(call.Name, arguments, bounded);
                }
                catch (OperationCanceledException) when (bounded.IsCancellationRequested && !outer.IsCancellationRequested)
                {
                    calls.Add(new FixAgentCall(step, FixAgentCall.Tool, call.Name, FixAgentCall.Cut(arguments.ToJsonString()), "stopped at the step's time limit", 0, 0, 0, Elapsed(ran), null));
                    return (answered, TimeUp());
                }
                catch (Exception e) when (!outer.IsCancellationRequested)
                {
                    // The server's own failure (a sandbox that could not start, a git that failed or timed out): told in fixed words, the loop goes on.
                    answer = $"The tool failed on BugSage's side ({e.GetType().Name}); try something else.";
                }
                calls.Add(new FixAgentCall(step, FixAgentCall.Tool, call.Name, FixAgentCall.Cut(arguments.ToJsonString()), FixAgentCall.Cut(answer), 0, 0, 0, Elapsed(ran), null));
                results.Add(new FunctionResultContent(call.CallId, answer));
            }
            messages.Add(new ChatMessage(ChatRole.Tool, results));
        }
    }

    /// <summary>
    /// The call's tokens as the server reported them (<see cref="ModelUsage"/>); estimated from the characters sent and received when it
    /// reported none, so that a server's silence (or a negative count) buys no budget.
    /// </summary>
    private static (int Input, int Output) Usage(ChatResponse response, List<ChatMessage> sent, List<FunctionCallContent> requested)
    {
        var input = ModelUsage.Tokens(response.Usage?.InputTokenCount) is var reportedIn and > 0 ? reportedIn
            : ModelUsage.Tokens(sent.Sum(m => (long)m.Text.Length + m.Contents.OfType<FunctionResultContent>().Sum(r => (long)(r.Result?.ToString()?.Length ?? 0))) / CharactersPerToken);
        var output = ModelUsage.Tokens(response.Usage?.OutputTokenCount) is var reportedOut and > 0 ? reportedOut
            : ModelUsage.Tokens(((long)response.Text.Length + requested.Sum(c => (long)(c.Arguments?.Sum(a => a.Key.Length + (a.Value?.ToString()?.Length ?? 0)) ?? 0))) / CharactersPerToken);
        return (input, output);
    }

    private long Elapsed(long started) => (long)clock.GetElapsedTime(started).TotalMilliseconds;

    /// <summary>The call's arguments as JSON; arguments that do not serialize are no arguments (the tool's schema then says what is missing).</summary>
    private static JsonObject Arguments(FunctionCallContent call)
    {
        if (call.Arguments is null) return [];
        try
        {
            return JsonSerializer.SerializeToNode(call.Arguments, AIJsonUtilities.DefaultOptions) as JsonObject ?? [];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // NaN, infinities, values no serializer knows: whatever a client handed over.
            return [];
        }
    }
}
