using BugSage.Server.Operations;
using BugSage.Server.Releases;
using GraphQL.Types;

namespace BugSage.Server.GraphQL.Types;

public sealed class ReleaseGraphType : ObjectGraphType<ProjectReleaseSummary>
{
    public ReleaseGraphType()
    {
        Name = "Release";
        Field(x => x.Version);
        Field(x => x.DateCreated);
        Field(x => x.DateReleased, nullable: true);
        Field(x => x.Status);
        Field(x => x.Events);
        Field(x => x.Adoption).Description("This release's share of the project's events in the last 24 hours (0 to 1).");
        Field(x => x.NewIssues);
        Field(x => x.Regressions);
        Field(x => x.LastEvent, nullable: true);
        Field(x => x.CommitCount);
        Field(x => x.DeployCount);
    }
}

public sealed class ReleaseConnectionGraphType : PageGraphType<ProjectReleaseSummary, ReleaseGraphType>
{
    public ReleaseConnectionGraphType() : base("ReleaseConnection") { }
}
