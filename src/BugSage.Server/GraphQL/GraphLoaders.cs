using BugSage.Server.Analyses;
using BugSage.Server.Auth;
using BugSage.Server.Issues;
using BugSage.Server.Operations;
using BugSage.Server.Organizations;
using BugSage.Server.Projects;

namespace BugSage.Server.GraphQL;

/// <summary>
/// One request's batch loaders for the fields that every row of a list would otherwise read one by one: an issue's
/// project, assignee, latest event and analysis, a project's organization. Each fetch is an operation called with the
/// caller's principal, so a batch can only return what the caller may read.
/// </summary>
public sealed class GraphLoaders(AccessScope actor, ProjectOperations projects, OrganizationOperations organizations,
    IssueOperations issues, AnalysisOperations analyses)
{
    public BatchLoader<long, ProjectDto> Projects { get; } = new(async (ids, ct) => (await projects.ManyAsync(actor, ids, ct)).Value());

    /// <summary>The caller's organizations come in one list: the batch reads it once and picks.</summary>
    public BatchLoader<long, OrganizationDto> Organizations { get; } = new(async (ids, ct) =>
        (await organizations.ListAsync(actor, ct)).Value().Items.Where(o => ids.Contains(o.Id)).ToDictionary(o => o.Id));

    public BatchLoader<long, PersonDto> People { get; } = new(async (ids, ct) => (await organizations.PeopleAsync(actor, ids, ct)).Value());

    public BatchLoader<long, EventSummaryDto> LatestEvents { get; } = new(async (ids, ct) => (await issues.LatestEventsAsync(actor, ids, ct)).Value());

    public BatchLoader<long, AnalysisDto> NewestAnalyses { get; } = new(async (ids, ct) => (await analyses.NewestOfAsync(actor, ids, ct)).Value());
}
