using BugSage.Server.GraphQL.Types;
using BugSage.Server.Operations;
using BugSage.Server.RateLimiting;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQL.Validation.Complexity;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BugSage.Server.GraphQL;

/// <summary>
/// GraphQL at <c>/graphql</c>, signed in as the REST API is (bearer access or API tokens; never the dashboard's cookie),
/// with its own request budget. Queries run serially: resolvers share the request's one DbContext, and batch loaders
/// complete one after another.
/// </summary>
public static class GraphQLRegistration
{
    public const string Path = "/graphql";

    /// <summary>
    /// The schema's own graph types, which the schema resolves from the container. Listed rather than found by scanning the
    /// server's assembly: a scan loads all of its 2,200 types, and the assemblies they name, into every server at start,
    /// GraphQL used or not. A test holds this list to what such a scan finds.
    /// </summary>
    public static readonly Type[] GraphTypes =
    [
        typeof(QueryGraphType),
        typeof(MutationGraphType),
        typeof(MeGraphType),
        typeof(OrganizationGraphType),
        typeof(PersonGraphType),
        typeof(ProjectGraphType),
        typeof(ProjectConnectionGraphType),
        typeof(IssueGraphType),
        typeof(IssueConnectionGraphType),
        typeof(AnalysisRunGraphType),
        typeof(AnalysisGraphType),
        typeof(AnalysisResultGraphType),
        typeof(PageInfoGraphType),
        typeof(ReleaseGraphType),
        typeof(ReleaseConnectionGraphType),
        typeof(FixSessionSummaryGraphType),
        typeof(FixSessionGraphType),
        typeof(FixStepGraphType),
        typeof(FixCandidateGraphType),
        typeof(EventSummaryGraphType),
        typeof(EventConnectionGraphType),
        typeof(EventGraphType),
        typeof(EventTagGraphType),
        typeof(ExceptionValueGraphType),
        typeof(StackFrameGraphType),
    ];

    public static WebApplicationBuilder AddBugSageGraphQL(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GraphQLLimits>().BindConfiguration(GraphQLLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<GraphLoaders>();
        foreach (var type in GraphTypes) builder.Services.TryAddTransient(type);
        builder.Services.AddGraphQL(b => b
            .AddSchema<BugSageSchema>()
            .AddSystemTextJson()
            .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query)
            .AddErrorInfoProvider(_ => new GraphErrorInfoProvider())
            .AddComplexityAnalyzer((o, services) =>
            {
                var limits = services.GetRequiredService<IOptions<GraphQLLimits>>().Value;
                o.MaxDepth = limits.MaxDepth;
                o.MaxComplexity = limits.MaxComplexity;
                o.DefaultListImpactMultiplier = 10;
                var standard = o.DefaultComplexityImpactDelegate;
                o.DefaultComplexityImpactDelegate = field => PageSize(field) is { } size ? new FieldComplexityResult(1, size) : standard(field);
            })
            .ConfigureExecutionOptions(o => o.ThrowOnUnhandledException = false)
            .AddUnhandledExceptionHandler(context =>
                context.ExecutionOptions.RequestServices?.GetRequiredService<ILoggerFactory>().CreateLogger("BugSage.Server.GraphQL")
                    .LogError(context.OriginalException, "GraphQL field {Field} failed", context.FieldContext?.FieldDefinition.Name)));
        return builder;
    }

    public static void MapBugSageGraphQL(this WebApplication app)
    {
        app.MapPost(Path, GraphQLEndpoint.PostAsync).RequireAuthorization().RequireRateLimiting(RateLimitGroups.GraphQL)
            .WithTags("GraphQL").WithName("GraphQL").WithSummary("Run a GraphQL query or mutation: {query, variables, operationName}")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        app.MapGet(Path, GraphQLEndpoint.GetAsync).RequireAuthorization().RequireRateLimiting(RateLimitGroups.GraphQL)
            .WithTags("GraphQL").WithName("GraphQLQuery").WithSummary("Run a GraphQL query given in ?query= (queries only)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    /// <summary>
    /// How many rows a paged list field returns, for the complexity estimate: its page's <c>limit</c> (the default page when
    /// not given) on a connection's <c>nodes</c>. Other lists take the default multiplier.
    /// </summary>
    private static int? PageSize(FieldImpactContext field)
    {
        if (field.FieldDefinition.Name != "nodes" || field.Parent is not { } page) return null;
        return page.Arguments?.TryGetValue("limit", out var limit) == true && limit.Value is int n ? Math.Clamp(n, 1, Cursor.MaxLimit) : Cursor.DefaultLimit;
    }
}
