using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Server.Auth;

namespace BugSage.Server.Assistant.Tools;

/// <summary>
/// Every tool the assistant, the MCP server and coding agents may call, in one place: what each
/// does, what it needs, and one way to call it, as the caller, audited, and with changes held
/// back until a person confirms them.
/// </summary>
public sealed class ToolRegistry(IEnumerable<IAssistantTool> tools, AppDbContext db, Operations.ProjectAccess access, AuditLog audit, Core.Processing.BugSageMetrics metrics, ILogger<ToolRegistry> log)
{
    private const int MaxAuditedArguments = 2_000;
    private readonly Dictionary<string, IAssistantTool> byName = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The tool types, registered once; each is scoped, like the operations it calls.</summary>
    public static readonly Type[] ToolTypes =
    [
        typeof(SearchIssuesTool), typeof(GetIssueTool), typeof(GetLatestEventTool), typeof(GetEventTool), typeof(GetTagDistributionTool),
        typeof(GetIssueStatsTool), typeof(FindSimilarIssuesTool), typeof(ListProjectsTool), typeof(ListReleasesTool), typeof(GetSuspectCommitsTool),
        typeof(GetStatsTool), typeof(GetAnalysisTool), typeof(StartAnalysisTool), typeof(StartFixSessionTool), typeof(GetFixSessionTool),
        typeof(ResolveIssueTool), typeof(IgnoreIssueTool), typeof(AssignIssueTool), typeof(CommentOnIssueTool), typeof(SearchDocumentsTool),
        typeof(GetTaskTool), typeof(ReportTaskUpdateTool),
    ];

    public IReadOnlyCollection<IAssistantTool> All => byName.Values;

    public IAssistantTool? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>
    /// The tools the caller may use: those whose permission they hold in at least one organization,
    /// as narrowed by their token's scopes. A tool that changes things is listed only to callers who may change things.
    /// </summary>
    public async Task<IReadOnlyList<IAssistantTool>> AvailableAsync(AccessScope actor, CancellationToken ct)
    {
        var held = await access.HeldAnywhereAsync(actor, ct);
        return [.. byName.Values.Where(t => (held & t.Needs) == t.Needs).OrderBy(t => t.Name, StringComparer.Ordinal)];
    }

    public static ToolDescription Describe(IAssistantTool tool) =>
        new(tool.Name, tool.Description, tool.InputSchema, PermissionNames.Of(tool.Needs), tool.Changes);

    /// <summary>
    /// Calls a tool as the context's caller. A tool that changes something runs only when
    /// <paramref name="confirmed"/>; otherwise the answer asks for confirmation and nothing happens.
    /// Every call that runs is written to the audit log with its arguments and outcome.
    /// </summary>
    public async Task<ToolOutcome> InvokeAsync(ToolContext context, string name, JsonObject? arguments, bool confirmed, CancellationToken ct)
    {
        if (Find(name) is not { } tool)
            return ToolOutcome.NotFound($"there is no tool {name.Truncate(100)}; the tools are {string.Join(", ", byName.Keys.Order())}");
        // Whoever calls (a model, the offline planner, an agent), a tool the caller is not offered never runs.
        if (!(await AvailableAsync(context.Actor, ct)).Contains(tool))
            return new ToolOutcome(ToolCallStatus.Refused, Error: $"your role or token does not offer {tool.Name}");
        if (tool.Changes && !confirmed)
            return new ToolOutcome(ToolCallStatus.NeedsConfirmation, Error: $"{tool.Name} changes something: it runs once you confirm it");
        arguments ??= [];
        ToolOutcome outcome;
        try
        {
            outcome = await tool.InvokeAsync(context, arguments, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One broken call must not end a conversation or a client's session; the reason stays in the server's log.
            log.LogError(e, "Tool {Tool} failed", tool.Name);
            DiscardPendingChanges();
            var failed = new ToolOutcome(ToolCallStatus.Failed, Error: "the tool failed; the server's log has the reason");
            Count(tool, failed);
            audit.Record("assistant.tool_failed", context.OrganizationId, target: tool.Name, details: new { error = e.GetType().Name });
            await db.SaveChangesAsync(CancellationToken.None);
            return failed;
        }
        Count(tool, outcome);
        audit.Record(tool.Changes ? "assistant.tool_changed" : "assistant.tool_read", context.OrganizationId, target: tool.Name, details: new
        {
            arguments = arguments.ToJsonString().Truncate(MaxAuditedArguments),
            status = outcome.Status.ToString(),
        });
        await db.SaveChangesAsync(ct);
        return outcome;
    }

    /// <summary>
    /// What a failed operation left pending is undone, so recording the failure cannot save half of it. Only
    /// pending changes: what the caller tracks and has saved (a conversation) stays tracked.
    /// </summary>
    private void DiscardPendingChanges()
    {
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            switch (entry.State)
            {
                case Microsoft.EntityFrameworkCore.EntityState.Added:
                    entry.State = Microsoft.EntityFrameworkCore.EntityState.Detached;
                    break;
                case Microsoft.EntityFrameworkCore.EntityState.Modified or Microsoft.EntityFrameworkCore.EntityState.Deleted:
                    entry.CurrentValues.SetValues(entry.OriginalValues);
                    entry.State = Microsoft.EntityFrameworkCore.EntityState.Unchanged;
                    break;
            }
        }
    }

    private void Count(IAssistantTool tool, ToolOutcome outcome) =>
        metrics.AssistantToolCalls.Add(1, new KeyValuePair<string, object?>("tool", tool.Name), new KeyValuePair<string, object?>("outcome", outcome.Status.ToString()));
}
