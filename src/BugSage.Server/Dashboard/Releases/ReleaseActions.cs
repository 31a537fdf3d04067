using BugSage.Server.Auth;
using BugSage.Server.Dashboard.Account;
using BugSage.Server.Releases;
using BugSage.Server.SourceMaps;

namespace BugSage.Server.Dashboard.Releases;

/// <summary>The release page's form posts: map the release's stored events again. Antiforgery is checked as for every dashboard form.</summary>
public static class ReleaseActions
{
    public static WebApplication MapReleaseActions(this WebApplication app)
    {
        var group = app.MapGroup("/dashboard").RequireAuthorization(DashboardAuth.Policy).ExcludeFromDescription();
        group.MapPost("/projects/{projectId:long}/releases/{version}/reprocess", ReprocessAsync);
        return app;
    }

    private static async Task<IResult> ReprocessAsync(long projectId, string version, AccessScope actor, ReprocessOperations reprocess, HttpContext http, CancellationToken ct)
    {
        var release = VersionSegments.FromRoute(version, http);
        var page = ReleaseLinks.To(projectId, release);
        return (await reprocess.ReleaseAsync(actor, projectId, release, before: null, ct))
            .ToForm(page, r => $"{page}?reprocessed={r.Changed}&examined={r.Examined}");
    }
}
