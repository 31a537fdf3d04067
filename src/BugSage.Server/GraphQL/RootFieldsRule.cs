using GraphQL.Validation;
using GraphQLParser.AST;

namespace BugSage.Server.GraphQL;

/// <summary>
/// Bounds the root fields of one request, aliases and fragments counted: each root field of a query is a lookup of its
/// own and each of a mutation a change of its own, so without a bound one request (one permit of its rate limit) could
/// carry hundreds of them. Bulk changes have their own field (<c>bulkUpdateIssues</c>).
/// </summary>
public sealed class RootFieldsRule(int maxQueryFields, int maxMutationFields) : ValidationRuleBase
{
    public const string Code = "TOO_MANY_ROOT_FIELDS";

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var fragments = context.Document.Definitions.OfType<GraphQLFragmentDefinition>()
            .GroupBy(f => f.FragmentName.Name.StringValue).ToDictionary(g => g.Key, g => g.First());
        var count = Count(context.Operation.SelectionSet, fragments, []);
        var mutation = context.Operation.Operation == OperationType.Mutation;
        var max = mutation ? maxMutationFields : maxQueryFields;
        if (count > max)
            context.ReportError(new ValidationError(context.Document.Source, null,
                $"The request has {count} root fields (aliases and fragments counted); at most {max} {(mutation ? "changes" : "lookups")} in one request." +
                (mutation ? " Change many issues at once with bulkUpdateIssues." : ""), context.Operation) { Code = Code });
        return default;
    }

    private static int Count(GraphQLSelectionSet? selections, Dictionary<string, GraphQLFragmentDefinition> fragments, HashSet<string> entered)
    {
        var count = 0;
        foreach (var selection in selections?.Selections ?? [])
        {
            count += selection switch
            {
                GraphQLField => 1,
                GraphQLInlineFragment inline => Count(inline.SelectionSet, fragments, entered),
                // A fragment used twice counts twice (it runs twice); a cycle is refused by the core rules, and counted once here.
                GraphQLFragmentSpread spread when fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment) && entered.Add(fragment.FragmentName.Name.StringValue)
                    => Enter(fragment, fragments, entered),
                _ => 0,
            };
        }
        return count;
    }

    private static int Enter(GraphQLFragmentDefinition fragment, Dictionary<string, GraphQLFragmentDefinition> fragments, HashSet<string> entered)
    {
        var count = Count(fragment.SelectionSet, fragments, entered);
        entered.Remove(fragment.FragmentName.Name.StringValue);
        return count;
    }
}
