using System.ComponentModel.DataAnnotations;
using BugSage.Core.Validation;

namespace BugSage.Server.Issues;

public sealed record MergeRequest([Required, MinLength(2), MaxLength(100)] long[] IssueIds);

public sealed record MergeResult(long TargetId, IReadOnlyList<long> Merged);

public sealed record BulkResult(int Updated);

public sealed record UnmergeRequest([Required, MinLength(1), MaxLength(100), EachMaxLength(64)] string[] Hashes);

public sealed record UnmergeResult(long IssueId);

public sealed record CommentRequest([Required, MinLength(1), MaxLength(10_000)] string Text);

/// <summary>Which issues of a project a bulk change takes: the ids given, or else every match of the query.</summary>
public sealed record IssueSelection(IReadOnlyCollection<long>? Ids, string? Query);
