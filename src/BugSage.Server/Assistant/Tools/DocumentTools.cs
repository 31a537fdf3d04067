using System.ComponentModel;
using BugSage.Server.Documents;

namespace BugSage.Server.Assistant.Tools;

public sealed record SearchDocumentsArgs : ProjectArgs
{
    [Description("What to look for in the organization's runbooks, architecture notes and postmortems.")]
    public required string Query { get; init; }

    [Description("How many passages, 1 to 10 (default 5).")]
    public int? Limit { get; init; }
}

/// <summary>search_documents: the passages of uploaded documents that best match a query.</summary>
public sealed class SearchDocumentsTool(DocumentOperations documents) : AssistantTool<SearchDocumentsArgs>
{
    public override string Name => "search_documents";
    public override string Description => "Search the organization's uploaded documents (runbooks, architecture notes, postmortems); returns the best passages with their document and heading.";

    protected override async Task<ToolOutcome> RunAsync(ToolContext context, SearchDocumentsArgs args, CancellationToken ct) =>
        From(await documents.SearchAsync(context.Actor, context.OrganizationId, args.ProjectId ?? context.ProjectId, args.Query, Math.Clamp(args.Limit ?? 5, 1, 10), ct));
}
