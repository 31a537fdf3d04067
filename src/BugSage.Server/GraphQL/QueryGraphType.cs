using BugSage.Server.Accounts;
using BugSage.Server.Analyses;
using BugSage.Server.FixSessions;
using BugSage.Server.GraphQL.Types;
using BugSage.Server.Issues;
using BugSage.Server.Organizations;
using BugSage.Server.Projects;
using BugSage.Server.Releases;
using GraphQL;
using GraphQL.Types;

namespace BugSage.Server.GraphQL;

/// <summary>
/// The read side: each root field calls the operation its REST endpoint calls, with the caller's principal, so access,
/// tenant isolation and paging are the REST API's own.
/// </summary>
public sealed class QueryGraphType : ObjectGraphType
{
    public QueryGraphType()
    {
        Name = "Query";
        Field<NonNullGraphType<MeGraphType>>("me").Description("The caller, their organizations and roles, and their token's scopes.")
            .ResolveAsync(async c => (await c.Service<AccountOperations>().MeAsync(c.Actor(), c.CancellationToken)).Value());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganizationGraphType>>>>("organizations")
            .ResolveAsync(async c => (await c.Service<OrganizationOperations>().ListAsync(c.Actor(), c.CancellationToken)).Value().Items);
        Field<OrganizationGraphType>("organization").Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => (await c.Service<OrganizationOperations>().GetAsync(c.Actor(), c.Id("id"), c.CancellationToken)).Value());
        Field<NonNullGraphType<ProjectConnectionGraphType>>("projects").Description("The projects the caller can read, or those of one organization.")
            .Argument<IdGraphType>("organizationId").Argument<StringGraphType>("cursor").Argument<IntGraphType>("limit")
            .ResolveAsync(async c =>
            {
                var projects = c.Service<ProjectOperations>();
                var cursor = c.GetArgument<string?>("cursor");
                return (c.OptionalId("organizationId") is { } orgId
                    ? await projects.InOrganizationAsync(c.Actor(), orgId, c.Limit(), cursor, c.CancellationToken)
                    : await projects.ListAsync(c.Actor(), c.Limit(), cursor, c.CancellationToken)).Value();
            });
        Field<ProjectGraphType>("project").Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var p = (await c.Service<ProjectOperations>().GetAsync(c.Actor(), c.Id("id"), c.CancellationToken)).Value();
                return new ProjectDto(p.Id, p.Slug, p.Name, p.OrganizationId, p.Platform);
            });
        Field<NonNullGraphType<IssueConnectionGraphType>>("issues")
            .Description("Search a project's issues with the REST list's query language: free text, is:, level:, release:, environment:, assigned:, has:user, tag:value.")
            .Argument<NonNullGraphType<IdGraphType>>("projectId").Argument<StringGraphType>("query").Argument<StringGraphType>("status")
            .Argument<StringGraphType>("sort", "lastSeen, firstSeen, count or users").Argument<StringGraphType>("cursor").Argument<IntGraphType>("limit")
            .ResolveAsync(async c => (await c.Service<IssueOperations>().SearchAsync(c.Actor(), c.Id("projectId"),
                new IssueSearch(c.GetArgument<string?>("query"), c.GetArgument<string?>("status"), c.GetArgument<string?>("sort"), c.Limit(), c.GetArgument<string?>("cursor")),
                c.CancellationToken)).Value());
        Field<IssueGraphType>("issue").Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => (await c.Service<IssueOperations>().GetAsync(c.Actor(), c.Id("id"), c.CancellationToken)).Value());
        Field<NonNullGraphType<EventConnectionGraphType>>("events").Description("An issue's events, newest first.")
            .Argument<NonNullGraphType<IdGraphType>>("issueId").Argument<StringGraphType>("cursor").Argument<IntGraphType>("limit")
            .ResolveAsync(async c => (await c.Service<IssueOperations>().EventsAsync(c.Actor(), c.Id("issueId"), c.Limit(), c.GetArgument<string?>("cursor"),
                c.CancellationToken)).Value());
        Field<EventGraphType>("event").Description("An event of a project by its event id.")
            .Argument<NonNullGraphType<IdGraphType>>("projectId").Argument<NonNullGraphType<StringGraphType>>("eventId")
            .ResolveAsync(async c => (await c.Service<IssueOperations>().EventAsync(c.Actor(), c.Id("projectId"), c.GetArgument<string>("eventId"),
                c.CancellationToken)).Value());
        Field<NonNullGraphType<ReleaseConnectionGraphType>>("releases")
            .Argument<NonNullGraphType<IdGraphType>>("projectId").Argument<BooleanGraphType>("includeArchived").Argument<StringGraphType>("cursor").Argument<IntGraphType>("limit")
            .ResolveAsync(async c => (await c.Service<ProjectReleaseOperations>().ListAsync(c.Actor(), c.Id("projectId"), c.GetArgument<bool?>("includeArchived") ?? false,
                c.Limit(), c.GetArgument<string?>("cursor"), c.CancellationToken)).Value());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FixSessionSummaryGraphType>>>>("fixSessions")
            .Description("An issue's latest sessions, a project's, or (naming neither) those of all the caller's organizations; newest first.")
            .Argument<IdGraphType>("issueId").Argument<IdGraphType>("projectId").Argument<StringGraphType>("status").Argument<IntGraphType>("limit")
            .ResolveAsync(async c =>
            {
                var sessions = c.Service<FixSessionOperations>();
                if (c.OptionalId("issueId") is { } issueId) return (await sessions.ForIssueAsync(c.Actor(), issueId, c.CancellationToken)).Value();
                var filter = new FixSessionFilter(Status: c.GetArgument<string?>("status"), Limit: c.Limit(), ProjectId: c.OptionalId("projectId"));
                return (await sessions.ListAsync(c.Actor(), filter, c.CancellationToken)).Value().Items;
            });
        Field<FixSessionGraphType>("fixSession").Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => (await c.Service<FixSessionOperations>().GetAsync(c.Actor(), c.Id("id"), c.CancellationToken)).Value());
        Field<AnalysisGraphType>("analysis").Description("An issue's latest analysis and its result.").Argument<NonNullGraphType<IdGraphType>>("issueId")
            .ResolveAsync(async c => (await c.Service<AnalysisOperations>().LatestAsync(c.Actor(), c.Id("issueId"), c.CancellationToken)).Value());
    }
}
