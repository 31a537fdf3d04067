namespace BugSage.Server.SourceMaps;

/// <summary>Source map uploads, the Sentry CLI's web API, and reprocessing of stored events.</summary>
public static class SourceMapsRegistration
{
    public static WebApplicationBuilder AddSourceMaps(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ArtifactUploadOperations>();
        builder.Services.AddScoped<Releases.ReleaseOperations>();
        builder.Services.AddScoped<Releases.ProjectReleaseOperations>();
        builder.Services.AddScoped<Releases.ReleaseCommitsWriter>();
        builder.Services.AddScoped<Releases.ReleaseInfoQueries>();
        builder.Services.AddScoped<ReprocessOperations>();
        return builder;
    }
}
