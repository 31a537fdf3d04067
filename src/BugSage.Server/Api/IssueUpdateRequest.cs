using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Issues;

namespace BugSage.Server.Api;

/// <summary>
/// Reads a triage PATCH body: <c>{status, substatus, resolveIn: {nextRelease|release}, ignore: {until,
/// minutes, count, users, untilEscalating}, assigneeId}</c>. Parsed by hand because <c>"assigneeId": null</c>
/// (unassign) and a missing <c>assigneeId</c> (leave as is) mean different things.
/// </summary>
public static class IssueUpdateRequest
{
    public static (IssueUpdate? Update, Dictionary<string, string[]> Errors) Parse(JsonObject? body, DateTime now)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is null || body.Count == 0) return (null, new() { [""] = ["the body names nothing to change"] });
        var update = new IssueUpdate();
        try
        {
            if (body.TryGetPropertyValue("status", out var statusNode))
            {
                var status = statusNode?.GetValue<string>()?.ToLowerInvariant();
                if (status is null || !IssueStatus.All.Contains(status)) errors["status"] = [$"status must be one of {string.Join(", ", IssueStatus.All)}"];
                update = update with { Status = status };
            }
            if (body["resolveIn"] is JsonObject resolveIn)
            {
                if (update.Status != IssueStatus.Resolved) errors["resolveIn"] = ["resolveIn goes with status resolved"];
                var release = resolveIn["release"]?.GetValue<string>()?.Trim();
                var next = resolveIn["nextRelease"]?.GetValue<bool>() ?? false;
                if (release is { Length: 0 or > 250 }) errors["resolveIn.release"] = ["a release of 1 to 250 characters"];
                if (release is null && !next) errors["resolveIn"] = ["give nextRelease: true or a release"];
                update = update with { ResolveInRelease = release, ResolveInNextRelease = next };
            }
            if (body["ignore"] is JsonObject ignore)
            {
                if (update.Status != IssueStatus.Ignored) errors["ignore"] = ["ignore goes with status ignored"];
                DateTime? until = ignore["until"]?.GetValue<DateTime>().ToUniversalTime();
                if (ignore["minutes"]?.GetValue<long>() is { } minutes)
                {
                    if (minutes is <= 0 or > 525_600) errors["ignore.minutes"] = ["1 to 525600 minutes"];
                    else until = now.AddMinutes(minutes);
                }
                if (until <= now) errors["ignore.until"] = ["must be in the future"];
                var count = ignore["count"]?.GetValue<long>();
                var users = ignore["users"]?.GetValue<long>();
                if (count <= 0) errors["ignore.count"] = ["must be positive"];
                if (users <= 0) errors["ignore.users"] = ["must be positive"];
                update = update with { Ignore = new IgnoreCondition(until, count, users, ignore["untilEscalating"]?.GetValue<bool>() ?? false) };
            }
            if (body["substatus"]?.GetValue<string>() is { } substatus)
            {
                // Only the substatuses a person may choose; the rest follow from events.
                switch (update.Status, substatus)
                {
                    case (IssueStatus.Ignored, IssueSubstatus.ArchivedUntilEscalating):
                        update = update with { Ignore = (update.Ignore ?? new IgnoreCondition()) with { UntilEscalating = true } };
                        break;
                    case (IssueStatus.Ignored, IssueSubstatus.ArchivedForever) when update.Ignore is null or { IsForever: true }:
                    case (IssueStatus.Unresolved, IssueSubstatus.Ongoing):
                        break;
                    default:
                        errors["substatus"] = ["with ignored: archived_until_escalating or archived_forever; with unresolved: ongoing"];
                        break;
                }
            }
            if (body.TryGetPropertyValue("assigneeId", out var assignee))
                update = update with { SetsAssignee = true, AssigneeId = assignee?.GetValue<long>() };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            errors["body"] = ["a field has the wrong type: " + e.Message];
        }
        if (update.Status is null && !update.SetsAssignee && errors.Count == 0) errors[""] = ["the body names nothing to change"];
        return errors.Count > 0 ? (null, errors) : (update, errors);
    }
}
