using BugSage.Core.Issues;
using BugSage.Server.GraphQL.Types;
using BugSage.Server.Issues;
using GraphQL;
using GraphQL.Types;

namespace BugSage.Server.GraphQL;

/// <summary>
/// Triage: resolve, reopen, ignore, assign, one issue or many. Each is the REST PATCH's change through
/// <see cref="IssueTriageOperations"/>, so permissions, activity and audit are the same; the issue is looked up first,
/// so an outsider learns nothing from how their input would have been judged.
/// </summary>
public sealed class MutationGraphType : ObjectGraphType
{
    public MutationGraphType()
    {
        Name = "Mutation";
        Field<NonNullGraphType<IssueGraphType>>("resolveIssue").Description("Resolve now, in the next release, or in a given release.")
            .Argument<NonNullGraphType<IdGraphType>>("id").Argument<BooleanGraphType>("inNextRelease").Argument<StringGraphType>("inRelease")
            .ResolveAsync(c => UpdateAsync(c, () =>
            {
                var release = c.GetArgument<string?>("inRelease")?.Trim();
                if (release is { Length: 0 or > 250 }) throw OperationErrors.InvalidArgument("inRelease", "a release of 1 to 250 characters");
                return new IssueUpdate { Status = IssueStatus.Resolved, ResolveInRelease = release, ResolveInNextRelease = c.GetArgument<bool?>("inNextRelease") == true };
            }));
        Field<NonNullGraphType<IssueGraphType>>("unresolveIssue").Description("Reopen a resolved or ignored issue.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(c => UpdateAsync(c, () => new IssueUpdate { Status = IssueStatus.Unresolved }));
        Field<NonNullGraphType<IssueGraphType>>("ignoreIssue").Description("Ignore forever, or until a time passes, N more events or users come, or it escalates.")
            .Argument<NonNullGraphType<IdGraphType>>("id").Argument<IntGraphType>("minutes").Argument<LongGraphType>("count").Argument<LongGraphType>("users")
            .Argument<BooleanGraphType>("untilEscalating")
            .ResolveAsync(c => UpdateAsync(c, () => new IssueUpdate { Status = IssueStatus.Ignored, Ignore = IgnoreOf(c) }));
        Field<NonNullGraphType<IssueGraphType>>("assignIssue").Description("Assign to a member of the issue's organization; a null assigneeId unassigns.")
            .Argument<NonNullGraphType<IdGraphType>>("id").Argument<IdGraphType>("assigneeId")
            .ResolveAsync(c => UpdateAsync(c, () => new IssueUpdate { SetsAssignee = true, AssigneeId = c.OptionalId("assigneeId") }));
        Field<NonNullGraphType<IntGraphType>>("bulkUpdateIssues").Description("Change the status of the given issues, or of every match of the query (up to 1000); answers how many changed.")
            .Argument<NonNullGraphType<IdGraphType>>("projectId").Argument<ListGraphType<NonNullGraphType<IdGraphType>>>("ids").Argument<StringGraphType>("query")
            .Argument<NonNullGraphType<StringGraphType>>("status")
            .ResolveAsync(async c =>
            {
                var status = c.GetArgument<string>("status").ToLowerInvariant();
                if (!IssueStatus.All.Contains(status)) throw OperationErrors.InvalidArgument("status", $"one of {string.Join(", ", IssueStatus.All)}");
                var ids = c.GetArgument<List<object>?>("ids")?.Select(id => long.TryParse(id.ToString(), out var n) ? n : throw OperationErrors.Missing()).ToList();
                var selection = new IssueSelection(ids, c.GetArgument<string?>("query"));
                return (await c.Service<IssueTriageOperations>().BulkUpdateAsync(c.Actor(), c.Id("projectId"), selection, new IssueUpdate { Status = status },
                    c.CancellationToken)).Value().Updated;
            });
    }

    private static async Task<object?> UpdateAsync(IResolveFieldContext c, Func<IssueUpdate> read)
    {
        var issueId = c.Id("id");
        (await c.Service<IssueOperations>().GetAsync(c.Actor(), issueId, c.CancellationToken)).Value();
        return (await c.Service<IssueTriageOperations>().UpdateAsync(c.Actor(), issueId, read(), c.CancellationToken)).Value();
    }

    private static IgnoreCondition IgnoreOf(IResolveFieldContext c)
    {
        var minutes = c.GetArgument<int?>("minutes");
        if (minutes is <= 0 or > 525_600) throw OperationErrors.InvalidArgument("minutes", "1 to 525600 minutes");
        var count = c.GetArgument<long?>("count");
        if (count <= 0) throw OperationErrors.InvalidArgument("count", "must be positive");
        var users = c.GetArgument<long?>("users");
        if (users <= 0) throw OperationErrors.InvalidArgument("users", "must be positive");
        DateTime? until = minutes is { } m ? c.Service<TimeProvider>().GetUtcNow().UtcDateTime.AddMinutes(m) : null;
        return new IgnoreCondition(until, count, users, c.GetArgument<bool?>("untilEscalating") == true);
    }
}
