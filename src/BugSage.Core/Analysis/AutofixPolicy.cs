using System.ComponentModel.DataAnnotations;
using BugSage.Core.Validation;
namespace BugSage.Core.Analysis;

/// <summary>
/// How far an organization lets BugSage act on its own, by the fixability of an issue's
/// analysis: below <see cref="AnalysisFloor"/> nothing runs automatically; from it, analysis;
/// from <see cref="CodeChangeFloor"/>, fix candidates; from <see cref="PullRequestFloor"/>, pull
/// requests; never beyond <see cref="AutomationCeiling"/>, never for issues with fewer than
/// <see cref="MinimumEvents"/> events, and at most <see cref="MaxAutomaticRunsPerHour"/> runs an hour.
/// </summary>
public sealed record AutofixPolicy
{
    public static readonly string[] Ceilings = ["none", "analysis", "code", "pull-request"];
    public static readonly string[] ApproverRoles = ["members", "admins"];

    public static AutofixPolicy Default { get; } = new();

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>An organization's stored policy, or the defaults when it has none.</summary>
    public static AutofixPolicy Of(StoredAutofixPolicy? stored) =>
        stored is null ? Default : System.Text.Json.JsonSerializer.Deserialize<AutofixPolicy>(stored.Policy, Json) ?? Default;

    public bool Enabled { get; init; } = true;
    public double AnalysisFloor { get; init; } = 0.3;
    public double CodeChangeFloor { get; init; } = 0.6;
    public double PullRequestFloor { get; init; } = 0.9;
    [MaxLength(32)] public string AutomationCeiling { get; init; } = "analysis";
    public int MinimumEvents { get; init; } = 10;
    public int MaxAutomaticRunsPerHour { get; init; } = 20;
    public bool RequireValidation { get; init; } = true;
    [MaxLength(20), EachMaxLength(64)] public IReadOnlyList<string> EnabledAgents { get; init; } = ["offline"];

    /// <summary>Who may approve and apply fixes: any member who may triage, or admins only.</summary>
    [MaxLength(16)] public string Approvers { get; init; } = "members";

    /// <summary>What is wrong with it, by field; empty when it is valid against the agents that exist.</summary>
    public Dictionary<string, string[]> Validate(IReadOnlyCollection<string> knownAgents)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (name, value) in new[] { ("analysisFloor", AnalysisFloor), ("codeChangeFloor", CodeChangeFloor), ("pullRequestFloor", PullRequestFloor) })
            if (double.IsNaN(value) || value is < 0 or > 1) errors[name] = ["between 0 and 1"];
        if (errors.Count == 0 && !(AnalysisFloor <= CodeChangeFloor && CodeChangeFloor <= PullRequestFloor))
            errors["floors"] = ["analysisFloor ≤ codeChangeFloor ≤ pullRequestFloor: each tier asks at least as much as the one below"];
        if (!Ceilings.Contains(AutomationCeiling)) errors["automationCeiling"] = [$"one of {string.Join(", ", Ceilings)}"];
        if (MinimumEvents is < 1 or > 1_000_000) errors["minimumEvents"] = ["between 1 and 1,000,000"];
        if (MaxAutomaticRunsPerHour is < 0 or > 10_000) errors["maxAutomaticRunsPerHour"] = ["between 0 and 10,000"];
        if (!ApproverRoles.Contains(Approvers)) errors["approvers"] = [$"one of {string.Join(", ", ApproverRoles)}"];
        if (EnabledAgents.Count == 0) errors["enabledAgents"] = ["at least one agent"];
        else if (EnabledAgents.Where(a => !knownAgents.Contains(a)).ToList() is { Count: > 0 } unknown)
            errors["enabledAgents"] = [$"no such agent: {string.Join(", ", unknown)}; configured: {string.Join(", ", knownAgents)}"];
        return errors;
    }

    /// <summary>Combinations that are each valid but together unsafe or pointless.</summary>
    public Dictionary<string, string[]> Conflicts()
    {
        var conflicts = new Dictionary<string, string[]>();
        if (AutomationCeiling is "code" or "pull-request" && !RequireValidation)
            conflicts["requireValidation"] = ["automatic code changes or pull requests need validation: an unproved fix must never be proposed on its own"];
        if (AutomationCeiling != "none" && MaxAutomaticRunsPerHour == 0)
            conflicts["maxAutomaticRunsPerHour"] = ["automation is on but allowed no runs; set automationCeiling to none instead"];
        if (!Enabled && AutomationCeiling != "none")
            conflicts["enabled"] = ["a disabled policy cannot have an automation ceiling above none"];
        return conflicts;
    }
}

/// <summary>An organization's stored policy and its version, which is its ETag.</summary>
public sealed class StoredAutofixPolicy
{
    public long OrganizationId { get; set; }
    public required string Policy { get; set; }
    public int Version { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}
