using BugSage.Server.Assistant.Conversations;
using BugSage.Server.Assistant.Tools;

namespace BugSage.Server.Assistant;

/// <summary>The tool registry and its tools (scoped, like the operations they call), and the conversations around them.</summary>
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
        services.AddOptions<AssistantOptions>().BindConfiguration(AssistantOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ConversationFeed>();
        services.AddScoped<ModelAssistant>();
        services.AddScoped<OfflineAssistant>();
        services.AddScoped<ConversationOperations>();
        services.AddSingleton<ConversationSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<ConversationSweeper>());
        return builder;
    }
}
