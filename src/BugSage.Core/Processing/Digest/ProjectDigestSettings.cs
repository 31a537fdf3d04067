using BugSage.Core.Grouping;
using BugSage.Core.Projects;
using BugSage.Core.Scrubbing;

namespace BugSage.Core.Processing.Digest;

/// <summary>What the digest needs of a project, parsed once per batch.</summary>
internal sealed class ProjectDigestSettings(Project project)
{
    public Project Project { get; } = project;
    public IReadOnlyList<FingerprintRule> Rules { get; } = FingerprintRule.ParseAll(project.FingerprintRules);
    public ScrubbingRules Scrubbing { get; } = ScrubbingRules.ForProject(project.SensitiveFields, project.SafeFields, project.ScrubIpAddresses);

    /// <summary>Where this project's source maps are found; null when it has none uploaded, so its events skip the step.</summary>
    public SourceMaps.SourceMapLookup? SourceMaps { get; init; }
}
