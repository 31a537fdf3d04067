using BugSage.Server.Operations;
using GraphQL.Types;

namespace BugSage.Server.GraphQL.Types;

/// <summary>Where the next page starts: pass <c>nextCursor</c> as <c>cursor</c>; null on the last page.</summary>
public sealed record PageInfo(string? NextCursor);

public sealed class PageInfoGraphType : ObjectGraphType<PageInfo>
{
    public PageInfoGraphType()
    {
        Name = "PageInfo";
        Field(x => x.NextCursor, nullable: true);
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Resolve(c => c.Source.NextCursor is not null);
    }
}

/// <summary>A page of a cursor-paginated list, as the REST API's <c>{items, nextCursor}</c>: <c>nodes</c> and <c>pageInfo</c>.</summary>
public abstract class PageGraphType<T, TNode> : ObjectGraphType<Page<T>> where TNode : IGraphType
{
    protected PageGraphType(string name)
    {
        Name = name;
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNode>>>>("nodes").Resolve(c => c.Source.Items);
        Field<NonNullGraphType<PageInfoGraphType>>("pageInfo").Resolve(c => new PageInfo(c.Source.NextCursor));
    }
}
