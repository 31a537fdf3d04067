using BugSage.Server.Assistant.Tools;

namespace BugSage.Server.Assistant;

/// <summary>The tool registry and its tools: scoped, like the operations they call.</summary>
public static class AssistantRegistration
{
    public static WebApplicationBuilder AddAssistant(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        foreach (var type in ToolRegistry.ToolTypes)
        {
            services.AddScoped(type);
            services.AddScoped(sp => (IAssistantTool)sp.GetRequiredService(type));
        }
        services.AddScoped<ToolRegistry>();
        return builder;
    }
}
