namespace BugSage.Core.Assistant.Offline;

/// <summary>The names of the assistant's tools, as the tool registry publishes them.</summary>
internal static class AssistantTools
{
    public const string SearchIssues = "search_issues";
    public const string GetIssue = "get_issue";
    public const string GetLatestEvent = "get_latest_event";
    public const string GetEvent = "get_event";
    public const string GetTagDistribution = "get_tag_distribution";
    public const string GetIssueStats = "get_issue_stats";
    public const string FindSimilarIssues = "find_similar_issues";
    public const string ListProjects = "list_projects";
    public const string ListReleases = "list_releases";
    public const string GetSuspectCommits = "get_suspect_commits";
    public const string GetStats = "get_stats";
    public const string GetAnalysis = "get_analysis";
    public const string StartAnalysis = "start_analysis";
    public const string StartFixSession = "start_fix_session";
    public const string GetFixSession = "get_fix_session";
    public const string ResolveIssue = "resolve_issue";
    public const string IgnoreIssue = "ignore_issue";
    public const string AssignIssue = "assign_issue";
    public const string CommentOnIssue = "comment_on_issue";
    public const string SearchDocuments = "search_documents";

    /// <summary>Tools about one issue: they need the issue named, or one in view.</summary>
    public static readonly HashSet<string> AboutOneIssue =
    [
        GetIssue, GetLatestEvent, GetTagDistribution, GetIssueStats, FindSimilarIssues, GetSuspectCommits, GetAnalysis,
        StartAnalysis, StartFixSession, GetFixSession, ResolveIssue, IgnoreIssue, AssignIssue, CommentOnIssue,
    ];
}
