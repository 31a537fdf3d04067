using System.ComponentModel.DataAnnotations;

namespace BugSage.Server.GraphQL;

/// <summary>
/// What one GraphQL request may cost, under <c>BugSage:GraphQL</c>. Sizes are refused before parsing;
/// depth and complexity before anything is resolved, so a query cannot make the server walk the database unbounded.
/// </summary>
public sealed class GraphQLLimits
{
    public const string Section = "BugSage:GraphQL";

    /// <summary>Bytes of the query document (UTF-8); a larger one is answered 413 unread.</summary>
    [Range(256, 1_048_576)]
    public int MaxDocumentBytes { get; set; } = 16_384;

    /// <summary>Bytes of the variables object as sent; a larger one is answered 413.</summary>
    [Range(2, 1_048_576)]
    public int MaxVariablesBytes { get; set; } = 16_384;

    /// <summary>
    /// Nesting of selections below the operation; deeper queries are refused. 15 lets the standard introspection
    /// query of GraphQL tools through (its type references nest 13 deep); BugSage's own data nests 6 at most.
    /// </summary>
    [Range(2, 50)]
    public int MaxDepth { get; set; } = 15;

    /// <summary>
    /// The estimated cost of a query: each field costs 1 and a list multiplies what is inside it by its
    /// <c>limit</c> (or 25, the default page). Past this the query is refused before it runs.
    /// </summary>
    [Range(10, 10_000_000)]
    public int MaxComplexity { get; set; } = 25_000;

    /// <summary>Root fields of one query, aliases and fragments counted: each is a lookup of its own.</summary>
    [Range(1, 1_000)]
    public int MaxRootFields { get; set; } = 20;

    /// <summary>Root fields of one mutation: each is a change of its own (audited, and it may notify); many issues change through bulkUpdateIssues.</summary>
    [Range(1, 100)]
    public int MaxRootMutations { get; set; } = 5;

    /// <summary>The whole body of a POST: the document, the variables and the JSON around them.</summary>
    public int MaxRequestBytes => MaxDocumentBytes + MaxVariablesBytes + 4_096;
}
