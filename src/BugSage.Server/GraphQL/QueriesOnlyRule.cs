using GraphQL.Validation;
using GraphQLParser.AST;

namespace BugSage.Server.GraphQL;

/// <summary>Refuses mutations sent with GET: a GET must be safe to repeat and to prefetch, so only queries ride on it.</summary>
public sealed class QueriesOnlyRule : ValidationRuleBase
{
    public const string Code = "METHOD_NOT_ALLOWED";

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.Operation.Operation != OperationType.Query)
            context.ReportError(new ValidationError(context.Document.Source, null, "Only queries may be sent with GET; send mutations with POST.", context.Operation) { Code = Code });
        return default;
    }
}
