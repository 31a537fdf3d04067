using System.Text;
using BugSage.Core.Assistant.Offline;
using BugSage.Server.Assistant.Tools;

namespace BugSage.Server.Assistant.Conversations;

/// <summary>
/// Answers without any model: the question is parsed into tool calls (<see cref="OfflinePlanner"/>),
/// they run through the registry as the person, and the answer is written from their results.
/// What it cannot map to a tool it says plainly.
/// </summary>
public sealed class OfflineAssistant(ToolRegistry registry, TimeProvider clock)
{
    public const string Engine = "offline";

    public async Task<AnswerUsage> AnswerAsync(Turn turn, string question, ToolContext context, CancellationToken ct)
    {
        var plan = OfflinePlanner.Plan(question, new AssistantContext(context.ProjectId, context.IssueId, null, clock.GetUtcNow()));
        var answer = new StringBuilder();
        if (plan.Calls.Count == 0) answer.Append(plan.CannotAnswer ?? "I could not tell what to look up.");
        foreach (var call in plan.Calls)
        {
            var outcome = await turn.CallAsync(registry, context, call.Tool, call.Arguments, null, Engine, ct);
            if (answer.Length > 0) answer.Append("\n\n");
            answer.Append(OfflineAnswers.Describe(call.Tool, outcome));
        }
        var text = answer.ToString();
        await turn.DeltaAsync(text);
        return new AnswerUsage(Engine, text, 0, 0, 0);
    }
}
