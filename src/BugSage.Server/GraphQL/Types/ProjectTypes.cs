using BugSage.Server.Operations;
using BugSage.Server.Projects;
using GraphQL.Types;

namespace BugSage.Server.GraphQL.Types;

public sealed class ProjectGraphType : ObjectGraphType<ProjectDto>
{
    public ProjectGraphType()
    {
        Name = "Project";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(x => x.Slug);
        Field(x => x.Name);
        Field(x => x.Platform, nullable: true);
        Field<NonNullGraphType<IdGraphType>>("organizationId").Resolve(c => c.Source.OrganizationId);
        Field<OrganizationGraphType>("organization").Resolve(c => c.Service<GraphLoaders>().Organizations.Load(c.Source.OrganizationId));
    }
}

public sealed class ProjectConnectionGraphType : PageGraphType<ProjectDto, ProjectGraphType>
{
    public ProjectConnectionGraphType() : base("ProjectConnection") { }
}
