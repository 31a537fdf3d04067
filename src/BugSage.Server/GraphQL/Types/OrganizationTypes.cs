using BugSage.Server.Accounts;
using BugSage.Server.Organizations;
using BugSage.Server.Projects;
using GraphQL;
using GraphQL.Types;

namespace BugSage.Server.GraphQL.Types;

public sealed class MeGraphType : ObjectGraphType<MeResponse>
{
    public MeGraphType()
    {
        Name = "Me";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(x => x.Email);
        Field(x => x.Name);
        Field(x => x.IsServerAdmin);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("scopes").Description("The API token's scopes; null when signed in with a password.")
            .Resolve(c => c.Source.Scopes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganizationGraphType>>>>("organizations")
            .Resolve(c => c.Source.Memberships.Select(m => new OrganizationDto(m.OrganizationId, m.OrganizationSlug, m.OrganizationName, m.Role)));
    }
}

public sealed class OrganizationGraphType : ObjectGraphType<OrganizationDto>
{
    public OrganizationGraphType()
    {
        Name = "Organization";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(x => x.Slug);
        Field(x => x.Name);
        Field(x => x.Role).Description("The caller's role here: owner, admin, member or viewer.");
        Field<NonNullGraphType<ProjectConnectionGraphType>>("projects")
            .Argument<StringGraphType>("cursor").Argument<IntGraphType>("limit")
            .ResolveAsync(async c => (await c.Service<ProjectOperations>().InOrganizationAsync(c.Actor(), c.Source.Id, c.Limit(), c.GetArgument<string?>("cursor"),
                c.CancellationToken)).Value());
    }
}

public sealed class PersonGraphType : ObjectGraphType<PersonDto>
{
    public PersonGraphType()
    {
        Name = "Person";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(x => x.Email);
        Field(x => x.Name);
    }
}
