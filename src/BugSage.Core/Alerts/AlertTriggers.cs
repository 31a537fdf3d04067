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

    public static readonly string[] All = [NewIssue, Regression, Escalating, EventFrequency, UserFrequency];

    public static bool IsFrequency(string trigger) => trigger is EventFrequency or UserFrequency;

    /// <summary>The versioned payload's <c>type</c> (docs/alerts.md).</summary>
    public static string EventType(string trigger) => trigger switch
    {
        NewIssue => "issue.created",
        Regression => "issue.regressed",
        Escalating => "issue.escalating",
        Test => "alert.test",
        _ => "issue.threshold_exceeded",
    };

    /// <summary>Not a rule's trigger: a test notification sent by hand to one target.</summary>
    public const string Test = "test";
}
