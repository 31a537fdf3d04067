namespace BugSage.Core.Issues;

/// <summary>Where an issue is in triage.</summary>
public static class IssueStatus
{
    public const string Unresolved = "unresolved";
    public const string Resolved = "resolved";
    public const string Ignored = "ignored";

    public static readonly string[] All = [Unresolved, Resolved, Ignored];
}

/// <summary>Finer state inside a status.</summary>
public static class IssueSubstatus
{
    public const string New = "new";
    public const string Ongoing = "ongoing";
    public const string Regressed = "regressed";
    public const string Escalating = "escalating";
    public const string ArchivedUntilEscalating = "archived_until_escalating";
    public const string ArchivedForever = "archived_forever";
    public const string ArchivedUntilConditionMet = "archived_until_condition_met";
}
