using GraphQL.Types;

namespace BugSage.Server.GraphQL;

/// <summary>BugSage's GraphQL schema: reads over organizations, projects, issues, events, releases, fix sessions and analyses, and triage.</summary>
public sealed class BugSageSchema : Schema
{
    public BugSageSchema(IServiceProvider services, QueryGraphType query, MutationGraphType mutation) : base(services)
    {
        Query = query;
        Mutation = mutation;
    }
}
