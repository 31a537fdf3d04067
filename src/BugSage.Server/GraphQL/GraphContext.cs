using BugSage.Server.Auth;
using BugSage.Server.Operations;
using GraphQL;

namespace BugSage.Server.GraphQL;

/// <summary>What a resolver takes from its request: the caller, the operations, and its arguments read safely.</summary>
public static class GraphContext
{
    public static T Service<T>(this IResolveFieldContext context) where T : notnull =>
        (context.RequestServices ?? throw new InvalidOperationException("GraphQL runs inside a request.")).GetRequiredService<T>();

    /// <summary>The caller, as the REST API's handlers get them: the request's principal.</summary>
    public static AccessScope Actor(this IResolveFieldContext context) => context.Service<AccessScope>();

    /// <summary>A numeric id argument; anything else names nothing, and is answered as a missing id is.</summary>
    public static long Id(this IResolveFieldContext context, string name) =>
        long.TryParse(context.GetArgument<object?>(name)?.ToString(), System.Globalization.NumberStyles.None, null, out var id) ? id : throw OperationErrors.Missing();

    public static long? OptionalId(this IResolveFieldContext context, string name) =>
        context.GetArgument<object?>(name) is null ? null : context.Id(name);

    /// <summary>A page size: 1 to <see cref="Cursor.MaxLimit"/>, or the default page when not given.</summary>
    public static int? Limit(this IResolveFieldContext context)
    {
        var limit = context.GetArgument<int?>("limit");
        return limit is null or (>= 1 and <= Cursor.MaxLimit) ? limit : throw OperationErrors.InvalidArgument("limit", $"1 to {Cursor.MaxLimit}");
    }
}
