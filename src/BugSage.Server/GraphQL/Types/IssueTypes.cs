using BugSage.Server.Issues;
using BugSage.Server.Operations;
using GraphQL.Types;

namespace BugSage.Server.GraphQL.Types;

/// <summary>An issue as the REST API shows it, with its project, assignee, latest event and analysis loaded in batches.</summary>
public sealed class IssueGraphType : ObjectGraphType<IssueDto>
{
    public IssueGraphType()
    {
        Name = "Issue";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(x => x.ShortId);
        Field<NonNullGraphType<IdGraphType>>("projectId").Resolve(c => c.Source.ProjectId);
        Field(x => x.Title);
        Field(x => x.Culprit, nullable: true);
        Field(x => x.Level);
        Field(x => x.Status);
        Field(x => x.Substatus, nullable: true);
        Field(x => x.Count);
        Field(x => x.UserCount);
        Field(x => x.FirstSeen);
        Field(x => x.LastSeen);
        Field(x => x.Platform, nullable: true);
        Field<IdGraphType>("assigneeId").Resolve(c => c.Source.Assignee);
        Field(x => x.FirstRelease, nullable: true);
        Field(x => x.LastRelease, nullable: true);
        Field(x => x.ResolvedInRelease, nullable: true);
        Field(x => x.ResolvedInNextRelease);
        Field<ProjectGraphType>("project").Resolve(c => c.Service<GraphLoaders>().Projects.Load(c.Source.ProjectId));
        Field<PersonGraphType>("assignee").Resolve(c => c.Source.Assignee is { } id ? c.Service<GraphLoaders>().People.Load(id) : null);
        Field<EventSummaryGraphType>("latestEvent").Resolve(c => c.Service<GraphLoaders>().LatestEvents.Load(c.Source.Id));
        Field<AnalysisRunGraphType>("analysis").Description("The newest analysis, in any state.")
            .Resolve(c => c.Service<GraphLoaders>().NewestAnalyses.Load(c.Source.Id));
    }
}

public sealed class IssueConnectionGraphType : PageGraphType<IssueDto, IssueGraphType>
{
    public IssueConnectionGraphType() : base("IssueConnection") { }
}
