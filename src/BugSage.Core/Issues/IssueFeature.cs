namespace BugSage.Core.Issues;

/// <summary>
/// One trait of an issue used to find likely duplicates: an in-app frame (<c>frame:</c>), its
/// exception type (<c>type:</c>) or a word of its normalized message (<c>word:</c>).
/// </summary>
public sealed class IssueFeature
{
    public long IssueId { get; set; }
    public long ProjectId { get; set; }
    public required string Feature { get; set; }
}
