using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BugSage.Core;
using BugSage.Core.Accounts;
using BugSage.Core.Analysis.Chat;
using BugSage.Core.Assistant;
using BugSage.Core.Data;
using BugSage.Server.Assistant.Tools;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Assistant.Conversations;

/// <summary>
/// The assistant's conversations: each belongs to the person who started it, in one of their
/// organizations, and nobody else sees it (not found, as for any other tenant's data). A question
/// is answered by the organization's models when it has some and its daily budget allows, else by
/// the offline assistant; either way through the tools the person may use, as them.
/// </summary>
public sealed class ConversationOperations(InputValidation inputs, 
    AppDbContext db, ProjectAccess access, ToolRegistry registry, ModelAssistant models, OfflineAssistant offline,
    IChatModels chatClients, ConversationFeed feed, IOptions<AssistantOptions> options, Core.Processing.BugSageMetrics metrics, TimeProvider clock)
{
    private AssistantOptions Limits => options.Value;
    private TimeSpan Idle => TimeSpan.FromDays(Limits.ConversationIdleDays);

    public async Task<OperationResult<ConversationDto>> CreateAsync(AccessScope actor, NewConversation input, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(input, ct) is { } problems) return Operation.Invalid<ConversationDto>(problems);
        long? orgId = input.OrganizationId;
        if (input.IssueId is { } issueId)
        {
            var issue = await access.IssueAsync(actor, issueId, ct);
            if (issue.Value is not { } i) return issue.As<ConversationDto>();
            if (orgId is { } asked && asked != i.OrganizationId) return Operation.Invalid<ConversationDto>("issueId", "the issue is not in that organization");
            if (input.ProjectId is { } p && p != i.Issue.ProjectId) return Operation.Invalid<ConversationDto>("issueId", "the issue is not in that project");
            orgId = i.OrganizationId;
        }
        else if (input.ProjectId is { } projectId)
        {
            var project = await access.ProjectAsync(actor, projectId, Permission.ProjectRead, ct);
            if (project.Value is not { } p) return project.As<ConversationDto>();
            if (orgId is { } asked && asked != p.OrganizationId) return Operation.Invalid<ConversationDto>("projectId", "the project is not in that organization");
            orgId = p.OrganizationId;
        }
        var org = await access.OrganizationOrFirstAsync(actor, orgId, ct);
        if (!org.Succeeded) return org.As<ConversationDto>();
        if (await db.Conversations.CountAsync(c => c.UserId == actor.UserId, ct) >= Limits.MaxConversationsPerUser)
            return Operation.Refused<ConversationDto>(OperationStatus.Conflict, "Too many conversations",
                $"You have {Limits.MaxConversationsPerUser} conversations; delete some first.");
        var now = clock.GetUtcNow().UtcDateTime;
        var conversation = new Conversation
        {
            OrganizationId = org.Value, UserId = actor.UserId, ProjectId = input.ProjectId, IssueId = input.IssueId,
            Title = string.IsNullOrWhiteSpace(input.Title) ? "New conversation" : input.Title.Trim().Truncate(200), CreatedAt = now, LastActivityAt = now,
        };
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(ct);
        return Operation.Created(ConversationDto.From(conversation, Idle));
    }

    /// <summary>The caller's conversations, most recently active first.</summary>
    public async Task<OperationResult<Page<ConversationDto>>> ListAsync(AccessScope actor, int? limit, string? cursor, CancellationToken ct)
    {
        var take = Cursor.Limit(limit);
        var rows = Live(db.Conversations.AsNoTracking().Where(c => c.UserId == actor.UserId));
        if (Cursor.TryDecode(cursor, out var key, out var afterId) && long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks)
        {
            var at = new DateTime(ticks, DateTimeKind.Utc);
            rows = rows.Where(c => c.LastActivityAt < at || (c.LastActivityAt == at && c.Id < afterId));
        }
        var page = await rows.OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id).Take(take + 1).ToListAsync(ct);
        return Operation.Ok(Cursor.ToPage(page, take, c => ConversationDto.From(c, Idle), c => c.LastActivityAt.Ticks.ToString(CultureInfo.InvariantCulture)));
    }

    public async Task<OperationResult<ConversationDetail>> GetAsync(AccessScope actor, long conversationId, CancellationToken ct)
    {
        var conversation = await OwnAsync(actor, conversationId, ct);
        if (conversation is null) return Operation.NotFound<ConversationDetail>();
        var messages = await db.ConversationMessages.AsNoTracking().Where(m => m.ConversationId == conversationId).OrderBy(m => m.Id).ToListAsync(ct);
        return Operation.Ok(new ConversationDetail(ConversationDto.From(conversation, Idle), conversation.Summary, messages.Select(MessageDto.From).ToList()));
    }

    public async Task<OperationResult<bool>> DeleteAsync(AccessScope actor, long conversationId, CancellationToken ct)
    {
        var conversation = await OwnAsync(actor, conversationId, ct);
        if (conversation is null) return Operation.NotFound<bool>();
        db.Conversations.Remove(conversation);
        await db.SaveChangesAsync(ct);
        return Operation.Ok(true);
    }

    /// <summary>
    /// Answers a question. Everything that can refuse it (ownership, limits, the context named)
    /// is checked before the first event, so a refusal is an ordinary answer; after that each step
    /// goes to <paramref name="emit"/> and the conversation's hub group as it happens.
    /// </summary>
    public async Task<OperationResult<TurnResult>> AskAsync(AccessScope actor, long conversationId, NewMessage input, Func<AssistantEvent, Task> emit, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(input, ct) is { } problems) return Operation.Invalid<TurnResult>(problems);
        var conversation = await OwnAsync(actor, conversationId, ct, tracked: true);
        if (conversation is null) return Operation.NotFound<TurnResult>();
        var question = input.Content?.Trim() ?? "";
        if (question.Length == 0 || question.Length > Limits.MaxQuestionLength)
            return Operation.Invalid<TurnResult>("content", $"a question has 1 to {Limits.MaxQuestionLength:N0} characters");
        var context = await ContextAsync(actor, conversation, input, ct);
        if (!context.Succeeded) return context.As<TurnResult>();
        if (await LimitedAsync(actor, conversation.OrganizationId, ct) is { } refusal) return refusal.As<TurnResult>();

        var turn = new Turn(db, conversation, emit, feed, clock);
        var history = await db.ConversationMessages.AsNoTracking().Where(m => m.ConversationId == conversationId)
            .OrderByDescending(m => m.Id).Take(60).OrderBy(m => m.Id).ToListAsync(ct);
        if (conversation.MessageCount == 0 && conversation.Title == "New conversation") conversation.Title = question.ReplaceLineEndings(" ").Truncate(80);
        db.AskedQuestions.Add(new AskedQuestion { OrganizationId = conversation.OrganizationId, UserId = actor.UserId, AskedAt = clock.GetUtcNow().UtcDateTime });
        var asked = await turn.AddAsync(new ConversationMessage { Role = MessageRoles.User, Content = question }, ct);
        await turn.EmitAsync(new AssistantEvent(AssistantEvent.Message, new JsonObject { ["messageId"] = asked.Id, ["role"] = MessageRoles.User, ["content"] = question }));

        try
        {
            var usage = await ModelsAllowedAsync(conversation.OrganizationId, ct) is { Count: > 0 } chain
                ? await models.AnswerAsync(turn, chain, question, context.Value!, history, await registry.AvailableAsync(actor, ct), ct)
                : null;
            usage ??= await offline.AnswerAsync(turn, question, context.Value!, ct);
            return Operation.Ok(await FinishAsync(turn, usage, ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await InterruptedAsync(turn);
            throw;
        }
    }

    /// <summary>
    /// The asker went away mid-answer: the turn is closed as it stands, so the history (and the
    /// next model prompt) shows an interrupted answer, not calls that seem still to be running.
    /// </summary>
    private async Task InterruptedAsync(Turn turn)
    {
        foreach (var open in turn.Added.Where(m => m.Role == MessageRoles.Tool && m.ToolStatus is null)) open.ToolStatus = ToolCallStates.Interrupted;
        await turn.AddAsync(new ConversationMessage { Role = MessageRoles.Assistant, Content = "(The answer was interrupted: the asker went away.)", Engine = "interrupted" },
            CancellationToken.None);
    }

    /// <summary>Runs a change the assistant proposed, or drops it; either way the conversation says what happened.</summary>
    public async Task<OperationResult<TurnResult>> ConfirmAsync(AccessScope actor, long conversationId, long messageId, bool approve, Func<AssistantEvent, Task> emit, CancellationToken ct)
    {
        var conversation = await OwnAsync(actor, conversationId, ct, tracked: true);
        if (conversation is null) return Operation.NotFound<TurnResult>();
        var call = await db.ConversationMessages.FirstOrDefaultAsync(m => m.Id == messageId && m.ConversationId == conversationId && m.Role == MessageRoles.Tool, ct);
        if (call is null) return Operation.NotFound<TurnResult>();
        // The decision is claimed atomically, so two confirmations racing (or a retry) run the change once.
        var decided = approve ? ToolCallStates.Confirmed : ToolCallStates.Declined;
        if (call.ToolStatus != ToolCallStates.AwaitingConfirmation
            || await db.ConversationMessages.Where(m => m.Id == call.Id && m.ToolStatus == ToolCallStates.AwaitingConfirmation)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ToolStatus, decided), ct) == 0)
            return Operation.Refused<TurnResult>(OperationStatus.Conflict, "Already decided", $"This call is {call.ToolStatus}, not awaiting confirmation.");
        call.ToolStatus = decided;
        var turn = new Turn(db, conversation, emit, feed, clock);
        string text;
        if (approve)
        {
            var arguments = JsonNode.Parse(call.ToolArguments ?? "{}") as JsonObject ?? [];
            var context = new ToolContext(actor, conversation.OrganizationId, conversation.ProjectId, conversation.IssueId);
            var outcome = await registry.InvokeAsync(context, call.ToolName!, arguments, confirmed: true, ct);
            await turn.ToolResultAsync(call, outcome, ct);
            text = OfflineAnswers.Describe(call.ToolName!, outcome);
        }
        else
        {
            await db.SaveChangesAsync(ct);
            text = $"Not done: you declined {call.ToolName!.Replace('_', ' ')}.";
        }
        await turn.DeltaAsync(text);
        return Operation.Ok(await FinishAsync(turn, new AnswerUsage("confirmation", text, 0, 0, 0), ct));
    }

    private async Task<TurnResult> FinishAsync(Turn turn, AnswerUsage usage, CancellationToken ct)
    {
        var conversation = turn.Conversation;
        var answer = await turn.AddAsync(new ConversationMessage
        {
            Role = MessageRoles.Assistant, Content = usage.Text.Truncate(40_000), Engine = usage.Engine,
            InputTokens = usage.InputTokens, OutputTokens = usage.OutputTokens, Cost = usage.Cost,
        }, ct);
        conversation.InputTokens += usage.InputTokens;
        conversation.OutputTokens += usage.OutputTokens;
        conversation.Cost += usage.Cost;
        await FoldAsync(conversation, ct);
        await db.SaveChangesAsync(ct);
        // Models are counted as "model": their names are the organization's own words, and a label per name would grow without bound.
        var engine = usage.Engine is OfflineAssistant.Engine or "confirmation" ? usage.Engine : "model";
        metrics.AssistantAnswers.Add(1, new KeyValuePair<string, object?>("engine", engine));
        await turn.EmitAsync(new AssistantEvent(AssistantEvent.Done, new JsonObject
        {
            ["messageId"] = answer.Id, ["engine"] = usage.Engine, ["content"] = answer.Content,
            ["usage"] = new JsonObject { ["inputTokens"] = usage.InputTokens, ["outputTokens"] = usage.OutputTokens, ["cost"] = usage.Cost },
        }));
        return new TurnResult(conversation.Id, turn.Added.Select(MessageDto.From).ToList(), usage.Engine, usage.InputTokens, usage.OutputTokens, usage.Cost);
    }

    /// <summary>
    /// Keeps a conversation within its cap: past it, the oldest half of the turns become one line
    /// each in the summary (what was asked, which tools answered) and are deleted.
    /// </summary>
    private async Task FoldAsync(Conversation conversation, CancellationToken ct)
    {
        if (conversation.MessageCount <= Limits.MaxMessagesPerConversation) return;
        var fold = conversation.MessageCount - Limits.MaxMessagesPerConversation / 2;
        var oldest = await db.ConversationMessages.Where(m => m.ConversationId == conversation.Id).OrderBy(m => m.Id).Take(fold).ToListAsync(ct);
        var summary = new StringBuilder(conversation.Summary);
        foreach (var m in oldest)
        {
            summary.Append(m.Role switch
            {
                MessageRoles.User => $"- asked: {m.Content.ReplaceLineEndings(" ").Truncate(200)}\n",
                MessageRoles.Tool => $"  - {m.ToolName} {m.ToolArguments?.Truncate(200)} → {m.ToolStatus}\n",
                _ => $"  - answered: {m.Content.ReplaceLineEndings(" ").Truncate(200)}\n",
            });
        }
        // The summary is capped too: its oldest lines go first.
        var text = summary.ToString();
        conversation.Summary = text.Length > 20_000 ? text[^20_000..] : text;
        db.ConversationMessages.RemoveRange(oldest);
        conversation.MessageCount -= oldest.Count;
    }

    /// <summary>The context of a question: the project and issue given with it (checked), or the conversation's.</summary>
    private async Task<OperationResult<ToolContext>> ContextAsync(AccessScope actor, Conversation conversation, NewMessage input, CancellationToken ct)
    {
        long? projectId = input.ProjectId ?? conversation.ProjectId, issueId = input.IssueId ?? (input.ProjectId is null ? conversation.IssueId : null);
        if (input.IssueId is { } asked)
        {
            var issue = await access.IssueAsync(actor, asked, ct);
            if (issue.Value is not { } i) return issue.As<ToolContext>();
            if (i.OrganizationId != conversation.OrganizationId) return OtherOrganization("issueId");
            projectId = i.Issue.ProjectId;
        }
        else if (input.ProjectId is { } project)
        {
            var rights = await access.RightsAsync(actor, project, ct);
            if (rights.Value is not { } r) return rights.As<ToolContext>();
            if (r.Project.OrganizationId != conversation.OrganizationId) return OtherOrganization("projectId");
        }
        return Operation.Ok(new ToolContext(actor, conversation.OrganizationId, projectId, issueId));
    }

    /// <summary>
    /// A question is answered with its conversation's organization's models, limits and costs, so it
    /// may only be about that organization: another's issue is asked about in a conversation there.
    /// </summary>
    private static OperationResult<ToolContext> OtherOrganization(string field) =>
        Operation.Invalid<ToolContext>(field, "this belongs to another of your organizations than this conversation; ask in a conversation of that organization");

    /// <summary>
    /// Per person per minute, per organization per day: counted from the questions asked (kept apart from
    /// the conversations, which deleting and folding shrink), in the database, so every node agrees.
    /// </summary>
    private async Task<OperationResult<bool>?> LimitedAsync(AccessScope actor, long orgId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var minuteAgo = now.AddMinutes(-1);
        var mine = await db.AskedQuestions.CountAsync(q => q.UserId == actor.UserId && q.AskedAt >= minuteAgo, ct);
        if (mine >= Limits.MessagesPerMinutePerUser)
            return Operation.Refused<bool>(OperationStatus.TooManyRequests, "Too many questions", $"You may ask {Limits.MessagesPerMinutePerUser} questions a minute; try again in a minute.");
        var today = now.Date;
        var org = await db.AskedQuestions.CountAsync(q => q.OrganizationId == orgId && q.AskedAt >= today, ct);
        return org >= Limits.MessagesPerDayPerOrganization
            ? Operation.Refused<bool>(OperationStatus.TooManyRequests, "Daily limit reached", $"This organization asked its {Limits.MessagesPerDayPerOrganization:N0} questions for today (UTC).")
            : null;
    }

    /// <summary>The organization's models, unless its assistant spent today's budget (cost or tokens); then the offline assistant answers.</summary>
    private async Task<IReadOnlyList<ChatModel>> ModelsAllowedAsync(long orgId, CancellationToken ct)
    {
        if (Limits.MaxCostPerDayPerOrganization <= 0) return [];
        var today = clock.GetUtcNow().UtcDateTime.Date;
        var spent = await db.ModelCalls.Where(c => c.OrganizationId == orgId && c.Purpose == ModelAssistant.Purpose && c.CreatedAt >= today)
            .Select(c => new { c.Cost, Tokens = (long)c.InputTokens + c.OutputTokens }).ToListAsync(ct);
        return spent.Sum(c => c.Cost) >= Limits.MaxCostPerDayPerOrganization || spent.Sum(c => c.Tokens) >= Limits.MaxTokensPerDayPerOrganization
            ? []
            : await chatClients.ChainAsync(db, orgId, ct);
    }

    /// <summary>The caller's own conversation in an organization they still belong to; anyone else's is not found.</summary>
    private async Task<Conversation?> OwnAsync(AccessScope actor, long conversationId, CancellationToken ct, bool tracked = false)
    {
        var query = tracked ? db.Conversations : db.Conversations.AsNoTracking();
        var conversation = await Live(query.Where(c => c.Id == conversationId && c.UserId == actor.UserId)).FirstOrDefaultAsync(ct);
        return conversation is not null && await access.IsMemberAsync(actor, conversation.OrganizationId, ct) ? conversation : null;
    }

    /// <summary>Conversations not yet past their idle time (the sweep deletes the others, but may not have run yet).</summary>
    private IQueryable<Conversation> Live(IQueryable<Conversation> conversations)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - Idle;
        return conversations.Where(c => c.LastActivityAt >= cutoff);
    }
}
