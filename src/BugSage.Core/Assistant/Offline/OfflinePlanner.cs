using System.Text.Json.Nodes;
using static BugSage.Core.Assistant.Offline.AssistantTools;

namespace BugSage.Core.Assistant.Offline;

/// <summary>
/// The assistant without a model: reads a question into the tool calls that answer it, by words and
/// rules only, so the common questions still work offline. It never guesses: what it cannot map, or an
/// "it" with no issue in view, gets no calls and a sentence saying so.
/// </summary>
public static class OfflinePlanner
{
    /// <summary>Longer questions are read only this far: planning cost stays bounded whatever is pasted in.</summary>
    public const int MaxQuestionLength = 2_000;

    public const string Capabilities =
        "Without an AI model I can only answer the common questions about your errors: finding issues (top, newest, regressed, " +
        "unassigned, by release or environment), an issue's details, latest event, tags, trend, similar issues, suspect commits and " +
        "analysis, starting or checking a fix, resolving, ignoring, assigning or commenting on an issue, releases, project stats and " +
        "searching the documents. Free conversation needs a model configured in settings.";

    public const string WhichIssue =
        "I can't tell which issue you mean: name it by its short id (like SHOP-42) or ask from the issue's page. " +
        "Without an AI model I only follow questions that name what they are about.";

    public const string OneAtATime =
        "Without an AI model I change issues one at a time: name the issue (like SHOP-42), or search for the issues first.";

    private static readonly HashSet<string> Changes = [ResolveIssue, IgnoreIssue, AssignIssue, StartFixSession, StartAnalysis, CommentOnIssue];

    public static OfflinePlan Plan(string question, AssistantContext context)
    {
        var text = (question ?? "").Truncate(MaxQuestionLength);
        var whole = new QuestionClause(text, QuestionReader.Read(text));
        if (whole.Count == 0) return OfflinePlan.Refused(Capabilities);

        if (CommentRequest.TryRead(whole, out var request, out var comment))
            return Single(PlanComment(request, comment, context));
        if (QuestionIntent.IsOffTopic(whole)) return OfflinePlan.Refused(Capabilities);

        // A question that clearly asks two things ("why does X happen and who touched it") gets a call for each;
        // anything else is read whole, so "unresolved warnings and errors in staging" stays one search.
        var parts = whole.Split();
        if (parts.Count > 1 && PlanParts(parts, context) is { Count: > 1 } calls) return new OfflinePlan(calls, null);
        return Single(PlanClause(whole, null, context));
    }

    private static OfflinePlan Single(ClausePlan plan) =>
        plan.Call is { } call ? new OfflinePlan([call], null) : OfflinePlan.Refused(plan.Reason ?? Capabilities);

    private static List<PlannedCall>? PlanParts(List<QuestionClause> parts, AssistantContext context)
    {
        var calls = new List<PlannedCall>();
        IssueTarget? earlier = null;
        foreach (var part in parts)
        {
            var plan = PlanClause(part, earlier, context);
            // An "it" in a later part means the issue an earlier part named: "resolve SHOP-7 and assign it to me".
            earlier = QuestionReferences.Issue(part) ?? earlier;
            if (plan.Call is null) continue;
            if (calls.Exists(c => c.Tool == plan.Call.Tool)) return null;
            calls.Add(plan.Call);
        }
        return calls;
    }

    private static ClausePlan PlanClause(QuestionClause clause, IssueTarget? earlier, AssistantContext context)
    {
        var named = QuestionReferences.Issue(clause);
        var inView = context.IssueId is not null || !string.IsNullOrWhiteSpace(context.IssueShortId);
        // "issues that came in with 4.1" is about many issues even though it says "that".
        var plural = clause.HasAny(QuestionIntent.PluralIssueWords);
        var pointed = named is not null || earlier is not null || (!plural && QuestionReferences.PointsBack(clause));
        var tool = QuestionIntent.Classify(clause, new ClauseFacts(named is not null, pointed, pointed || (inView && !plural)));
        if (tool is null) return new ClausePlan(null, Capabilities);
        if (!AboutOneIssue.Contains(tool)) return new ClausePlan(new PlannedCall(tool, ProjectArguments(tool, clause, context)), null);

        // "close all issues" must not close the one in view: changes are made to a named issue, one at a time.
        if (Changes.Contains(tool) && named is null && (plural || clause.HasAny("all", "every", "everything", "these", "those")))
            return new ClausePlan(null, OneAtATime);
        var target = named ?? earlier ?? InView(context);
        if (target is null) return new ClausePlan(null, WhichIssue);
        var args = IssueArguments(target);
        switch (tool)
        {
            case GetTagDistribution when TagKeys.Find(clause) is { } key:
                args["key"] = key;
                break;
            case GetIssueStats when SpokenSpan.Find(clause) is { } span:
                args["period"] = SpokenSpan.Period(span);
                break;
            case AssignIssue:
                if (Assignee(clause) is not { } assignee) return new ClausePlan(null, "Say who should take the issue: \"me\" or their email address.");
                args["assignee"] = assignee;
                break;
        }
        return new ClausePlan(new PlannedCall(tool, args), null);
    }

    private static ClausePlan PlanComment(QuestionClause request, string comment, AssistantContext context)
    {
        if (comment.Length == 0) return new ClausePlan(null, "Say what the comment should say after a colon, like: comment on SHOP-42: waiting for the vendor.");
        if ((QuestionReferences.Issue(request) ?? InView(context)) is not { } target) return new ClausePlan(null, WhichIssue);
        var args = IssueArguments(target);
        args["text"] = comment;
        return new ClausePlan(new PlannedCall(CommentOnIssue, args), null);
    }

    private static JsonObject ProjectArguments(string tool, QuestionClause clause, AssistantContext context)
    {
        if (tool == SearchIssues) return IssueSearchRequest.Build(clause, context);
        var args = new JsonObject();
        if ((QuestionReferences.ProjectId(clause) ?? context.ProjectId) is { } projectId && tool != ListProjects) args["projectId"] = projectId;
        switch (tool)
        {
            case GetEvent:
                args["eventId"] = clause.Words.Select(w => QuestionReferences.EventId(w.Text)).First(id => id is not null);
                break;
            case SearchDocuments:
                args["query"] = DocumentSearchText.Find(clause);
                break;
            case ListReleases when ReleaseLimit(clause) is { } limit:
                args["limit"] = limit;
                break;
        }
        return args;
    }

    // The issue the conversation is on; its numeric id when known, since that needs no lookup.
    private static IssueTarget? InView(AssistantContext context) =>
        context.IssueId is { } id ? new IssueTarget(id, null)
        : !string.IsNullOrWhiteSpace(context.IssueShortId) ? new IssueTarget(null, context.IssueShortId.Trim())
        : null;

    private static JsonObject IssueArguments(IssueTarget target) =>
        target.IssueId is { } id ? new JsonObject { ["issueId"] = id } : new JsonObject { ["shortId"] = target.ShortId };

    private static string? Assignee(QuestionClause clause)
    {
        foreach (var w in clause.Words)
            if (QuestionReferences.IsEmail(w.Text)) return w.Text;
        // "I" alone is not an answer: "who should I assign SHOP-3 to" asks, it does not say.
        return clause.HasAny("me", "myself", "i'll", "i'm", "mine", "i will") || (clause.Has("take") && clause.Has("i")) ? "me" : null;
    }

    private static int? ReleaseLimit(QuestionClause clause)
    {
        foreach (var w in clause.Words)
            if (QuestionReferences.Number(w.Lower) is { } n and <= 100 && !QuestionReferences.IsVersion(w.Text)) return (int)n;
        return null;
    }

    private sealed record ClausePlan(PlannedCall? Call, string? Reason);
}
