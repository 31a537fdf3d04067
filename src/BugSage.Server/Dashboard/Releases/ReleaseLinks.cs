namespace BugSage.Server.Dashboard.Releases;

/// <summary>Where a release's page is: its version escaped as one path segment.</summary>
public static class ReleaseLinks
{
    public static string To(long projectId, string version) => $"/projects/{projectId}/releases/{Uri.EscapeDataString(version)}";
}
