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
}
