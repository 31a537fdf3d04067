namespace BugSage.Core.Alerts;

/// <summary>What a rule waits for, and the event type each is announced as to generic webhooks.</summary>
public static class AlertTriggers
{
    public const string NewIssue = "new_issue";
    public const string Regression = "regression";
    public const string Escalating = "escalating";

    /// <summary>More than <see cref="AlertRule.Threshold"/> events of the issue in the window.</summary>
    public const string EventFrequency = "event_frequency";

    /// <summary>More than <see cref="AlertRule.Threshold"/> distinct users of the issue in the window.</summary>
    public const string UserFrequency = "user_frequency";

    /// <summary>A fix session validated a fix that waits for a person's approval.</summary>
    public const string FixAwaitingApproval = "fix_awaiting_approval";

    /// <summary>A fix was pushed and proposed as a pull request.</summary>
    public const string PullRequestOpened = "pull_request_opened";

    /// <summary>The pull request of a BugSage fix was merged.</summary>
    public const string PullRequestMerged = "pull_request_merged";

    /// <summary>An analysis of the issue finished with a reading of its root cause.</summary>
    public const string AnalysisFinished = "analysis_finished";

    /// <summary>A coding agent working on the issue's task reported progress: claimed, working, a patch proposed, done or gave up.</summary>
    public const string TaskUpdated = "task_updated";

    public static readonly string[] All = [NewIssue, Regression, Escalating, EventFrequency, UserFrequency,
        FixAwaitingApproval, PullRequestOpened, PullRequestMerged, AnalysisFinished, TaskUpdated];

    public static bool IsFrequency(string trigger) => trigger is EventFrequency or UserFrequency;

    /// <summary>Triggers decided where the work happens (fix sessions, analyses), not by the digest.</summary>
    public static bool IsWork(string trigger) => trigger is FixAwaitingApproval or PullRequestOpened or PullRequestMerged or AnalysisFinished or TaskUpdated;

    /// <summary>The versioned payload's <c>type</c> (docs/alerts.md).</summary>
    public static string EventType(string trigger) => trigger switch
    {
        NewIssue => "issue.created",
        Regression => "issue.regressed",
        Escalating => "issue.escalating",
        Test => "alert.test",
        Digest => "alert.digest",
        TargetPaused => "alert.target_paused",
        FixAwaitingApproval => "fix.awaiting_approval",
        PullRequestOpened => "fix.pull_request_opened",
        PullRequestMerged => "fix.pull_request_merged",
        AnalysisFinished => "analysis.finished",
        TaskUpdated => "task.updated",
        Report => "report.ready",
        _ => "issue.threshold_exceeded",
    };

    /// <summary>Not a rule's trigger: a scheduled report was written; its summary and download link go to the schedule's targets.</summary>
    public const string Report = "report";

    /// <summary>Not a rule's trigger: a test notification sent by hand to one target.</summary>
    public const string Test = "test";

    /// <summary>Not a rule's trigger: one message for what a rule in digest mode fired within its window.</summary>
    public const string Digest = "digest";

    /// <summary>Not a rule's trigger: a target was paused after failing; its rules' owners are told.</summary>
    public const string TargetPaused = "target_paused";
}
