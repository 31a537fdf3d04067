using System.Globalization;
using BugSage.Core.Alerts;
using BugSage.Server.Alerts;

namespace BugSage.Server.Dashboard.Alerts;

/// <summary>
/// The rule form's fields, as a browser sends them: text, ticked boxes and lists typed one a line.
/// It only turns them into the operation's input; what makes a rule valid is the operation's to say.
/// </summary>
public sealed class RuleForm
{
    /// <summary>The levels an SDK reports, offered as boxes to tick.</summary>
    public static readonly string[] KnownLevels = ["fatal", "error", "warning", "info", "debug"];

    /// <summary>The "then" box for every member of the organization; integrations are ticked by their id.</summary>
    public const string MembersTarget = "members";

    public string? Name { get; set; }
    public string? Trigger { get; set; }
    public string? Threshold { get; set; }
    public string? WindowMinutes { get; set; }
    public string[]? Levels { get; set; }
    public string? Environments { get; set; }
    public string? Releases { get; set; }
    public string? Tags { get; set; }
    public string? CulpritPattern { get; set; }
    public string? MessagePattern { get; set; }
    public string? Platforms { get; set; }

    /// <summary>Empty for either, <c>true</c> for assigned issues only, <c>false</c> for unassigned only.</summary>
    public string? Assigned { get; set; }
    public string? MinIssueAgeMinutes { get; set; }
    public string? MaxIssueAgeMinutes { get; set; }
    public string? DigestMinutes { get; set; }
    public string[]? Targets { get; set; }
    public string? IssueIntervalMinutes { get; set; }
    public string? MaxFiringsPerHour { get; set; }
    public string? Enabled { get; set; }

    public bool IsEnabled => Enabled == "true";

    public static RuleForm ForNew() => new()
    {
        Trigger = AlertTriggers.NewIssue, IssueIntervalMinutes = "30", MaxFiringsPerHour = "60", DigestMinutes = "0", Enabled = "true", Targets = [MembersTarget],
    };

    public static RuleForm From(AlertRuleDto rule) => new()
    {
        Name = rule.Name,
        Trigger = rule.Trigger,
        Threshold = rule.Threshold?.ToString(CultureInfo.InvariantCulture),
        WindowMinutes = rule.WindowMinutes?.ToString(CultureInfo.InvariantCulture),
        Levels = [.. rule.Conditions.Levels ?? []],
        Environments = string.Join('\n', rule.Conditions.Environments ?? []),
        Releases = string.Join('\n', rule.Conditions.Releases ?? []),
        Tags = string.Join('\n', (rule.Conditions.Tags ?? new Dictionary<string, string>()).Select(t => $"{t.Key}={t.Value}")),
        CulpritPattern = rule.Conditions.CulpritPattern,
        MessagePattern = rule.Conditions.MessagePattern,
        Platforms = string.Join('\n', rule.Conditions.Platforms ?? []),
        Assigned = rule.Conditions.Assigned is { } assigned ? (assigned ? "true" : "false") : "",
        MinIssueAgeMinutes = rule.Conditions.MinIssueAgeMinutes?.ToString(CultureInfo.InvariantCulture),
        MaxIssueAgeMinutes = rule.Conditions.MaxIssueAgeMinutes?.ToString(CultureInfo.InvariantCulture),
        DigestMinutes = rule.DigestMinutes.ToString(CultureInfo.InvariantCulture),
        Targets = [.. rule.Actions.Select(a => a.Target == AlertAction.Members ? MembersTarget : a.IntegrationId?.ToString(CultureInfo.InvariantCulture) ?? "")],
        IssueIntervalMinutes = rule.IssueIntervalMinutes.ToString(CultureInfo.InvariantCulture),
        MaxFiringsPerHour = rule.MaxFiringsPerHour.ToString(CultureInfo.InvariantCulture),
        Enabled = rule.Enabled ? "true" : null,
    };

    public bool HasTarget(string target) => Targets?.Contains(target) == true;

    /// <summary>
    /// The operation's input, or the fields a browser sent that are not even numbers or
    /// <c>key=value</c> lines. Blank numbers are left out, so the operation keeps or asks for them.
    /// </summary>
    public (AlertRuleInput? Input, Dictionary<string, string[]> Problems) ToInput()
    {
        var problems = new Dictionary<string, string[]>();
        int? Number(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
            problems[field] = ["a whole number"];
            return null;
        }
        var tags = new Dictionary<string, string>();
        foreach (var line in Lines(Tags, ['\n', '\r']))
        {
            var split = line.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0) problems["conditions"] = [$"tags: \"{line}\" is not key=value"];
            else tags[line[..split].Trim()] = line[(split + 1)..].Trim();
        }
        var actions = new List<AlertAction>();
        foreach (var target in (Targets ?? []).Distinct())
        {
            if (target == MembersTarget) actions.Add(new AlertAction(AlertAction.Members));
            else if (long.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) actions.Add(new AlertAction(AlertAction.Integration, id));
            else problems["actions"] = ["members or an integration of this project"];
        }
        var levels = (Levels ?? []).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim()).ToList();
        var environments = Lines(Environments);
        var releases = Lines(Releases);
        var platforms = Lines(Platforms);
        bool? assigned = Assigned switch { "true" => true, "false" => false, _ => null };
        var conditions = new AlertConditions(
            levels.Count > 0 ? levels : null, environments.Count > 0 ? environments : null, releases.Count > 0 ? releases : null,
            tags.Count > 0 ? tags : null, Blank(CulpritPattern), Blank(MessagePattern), platforms.Count > 0 ? platforms : null, assigned,
            Number(MinIssueAgeMinutes, "conditions"), Number(MaxIssueAgeMinutes, "conditions"));
        var input = new AlertRuleInput(Name?.Trim() ?? "", IsEnabled, Blank(Trigger), Number(Threshold, "threshold"), Number(WindowMinutes, "windowMinutes"),
            conditions, actions, Number(IssueIntervalMinutes, "issueIntervalMinutes"), Number(MaxFiringsPerHour, "maxFiringsPerHour"),
            Number(DigestMinutes, "digestMinutes"));
        return (problems.Count == 0 ? input : null, problems);
    }

    /// <summary>One value a line (or between commas), blanks dropped.</summary>
    private static List<string> Lines(string? text, char[]? separators = null) =>
        [.. (text ?? "").Split(separators ?? ['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct()];

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
