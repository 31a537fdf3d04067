namespace BugSage.Server.SourceMaps;

/// <summary>Source map uploads and the Sentry CLI's web API.</summary>
public static class SourceMapsRegistration
{
    public static WebApplicationBuilder AddSourceMaps(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ArtifactUploadOperations>();
        return builder;
    }
}
