using BugSage.Server.GraphQL;
using GraphQL;
using GraphQL.Types;

namespace BugSage.Server.Tests.GraphQL;

/// <summary>The listed graph types are the ones a scan of the server's assembly finds (what GraphQL.NET's own scan registers).</summary>
public class GraphTypesListTests
{
    [Fact]
    public void The_list_holds_every_graph_type_of_the_server()
    {
        var scanned = typeof(GraphQLRegistration).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && !t.IsGenericTypeDefinition && typeof(IGraphType).IsAssignableFrom(t)
                && !Attribute.IsDefined(t, typeof(DoNotRegisterAttribute)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();
        scanned.Count.ShouldBeGreaterThan(20);
        GraphQLRegistration.GraphTypes.OrderBy(t => t.FullName, StringComparer.Ordinal).ShouldBe(scanned);
    }
}
