using BugSage.Server.Accounts;
using BugSage.Server.Organizations;
using BugSage.Server.Projects;
using GraphQL;
using GraphQL.Types;

namespace BugSage.Server.GraphQL.Types;

public sealed class MeType : ObjectGraphType<MeResponse>
{
    public MeType()
    {
        Name = "Me";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(x => x.Email);
        Field(x => x.Name);
        Field(x => x.IsServerAdmin);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("scopes").Description("The API token's scopes; null when signed in with a password.")
            .Resolve(c => c.Source.Scopes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganizationType>>>>("organizations")
            .Resolve(c => c.Source.Memberships.Select(m => new OrganizationDto(m.OrganizationId, m.OrganizationSlug, m.OrganizationName, m.Role)));
    }
}

public sealed class OrganizationType : ObjectGraphType<OrganizationDto>
{
    public OrganizationType()
    {
        Name = "Organization";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(x => x.Slug);
        Field(x => x.Name);
        Field(x => x.Role).Description("The caller's role here: owner, admin, member or viewer.");
        Field<NonNullGraphType<ProjectConnectionType>>("projects")
            .Argument<StringGraphType>("cursor").Argument<IntGraphType>("limit")
            .ResolveAsync(async c => (await c.Service<ProjectOperations>().InOrganizationAsync(c.Actor(), c.Source.Id, c.Limit(), c.GetArgument<string?>("cursor"),
                c.CancellationToken)).Value());
    }
}

public sealed class PersonType : ObjectGraphType<PersonDto>
{
    public PersonType()
    {
        Name = "Person";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(x => x.Email);
        Field(x => x.Name);
    }
}
