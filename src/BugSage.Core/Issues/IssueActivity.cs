namespace BugSage.Core.Issues;

/// <summary>One entry of an issue's history: a status change, an assignment, a merge, a comment, a regression.</summary>
public sealed class IssueActivity
{
    public long Id { get; set; }
    public long IssueId { get; set; }

    /// <summary>See <see cref="ActivityKinds"/>.</summary>
    public required string Kind { get; set; }
    public long? ActorUserId { get; set; }

    /// <summary>Who did it as people read it: an email, <c>system</c> or <c>rule</c>.</summary>
    public required string Actor { get; set; }

    /// <summary>The comment text, or a JSON description of the change.</summary>
    public string? Data { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>An entry by <paramref name="actor"/>; <paramref name="data"/> is kept as text when it is a string (a comment), else as JSON.</summary>
    public static IssueActivity Of(long issueId, string kind, Actor actor, DateTime at, object? data) => new()
    {
        IssueId = issueId,
        Kind = kind,
        ActorUserId = actor.UserId,
        Actor = actor.Label,
        Data = data switch
        {
            null => null,
            string text => text,
            _ => System.Text.Json.JsonSerializer.Serialize(data, System.Text.Json.JsonSerializerOptions.Web),
        },
        CreatedAt = at,
    };
}

/// <summary>The kinds of <see cref="IssueActivity"/>.</summary>
public static class ActivityKinds
{
    public const string StatusChanged = "status_changed";
    public const string Assigned = "assigned";
    public const string Merged = "merged";
    public const string Comment = "comment";
    public const string Regressed = "regressed";
    public const string Unignored = "unignored";
    public const string Escalating = "escalating";
    public const string Unmerged = "unmerged";

    /// <summary>A coding agent's report on the issue's task; the data holds its status, agent, message and where its diff is.</summary>
    public const string TaskUpdate = "task_update";
}
