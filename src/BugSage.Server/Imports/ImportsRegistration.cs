namespace BugSage.Server.Imports;

/// <summary>The import operations; the REST routes are in <see cref="SentryImportApi"/>, the CLI verb in <see cref="ImportCommand"/>.</summary>
public static class ImportsRegistration
{
    public static WebApplicationBuilder AddImports(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SentryImportOperations>();
        return builder;
    }
}
