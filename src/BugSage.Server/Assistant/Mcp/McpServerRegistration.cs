using BugSage.Server.Auth;
using ModelContextProtocol.Protocol;

namespace BugSage.Server.Assistant.Mcp;

/// <summary>
/// The assistant's tools and BugSage's issues for coding agents, over MCP's streamable HTTP transport at <c>/mcp</c>.
/// Only API tokens get in: their scopes decide which tools an agent is offered.
/// </summary>
public static class McpServerRegistration
{
    public const string Path = "/mcp";

    /// <summary>Lets in personal API tokens only: they carry scopes and outlive a sign-in, which an agent's configuration needs.</summary>
    public const string Policy = "mcp";

    public static WebApplicationBuilder AddBugSageMcp(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(BearerAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.Identity?.AuthenticationType == BearerAuthenticationHandler.ApiTokenType));
        builder.Services.AddMcpServer(o => o.ServerInfo = new Implementation { Name = "BugSage", Version = typeof(McpServerRegistration).Assembly.GetName().Version?.ToString() ?? "1.0" })
            // Stateless: every message is its own request, so AccessScope sees that request's token, and any node of a cluster can answer.
            .WithHttpTransport(o => o.Stateless = true)
            .WithListToolsHandler(McpTools.ListAsync)
            .WithCallToolHandler(McpTools.CallAsync)
            .WithListResourceTemplatesHandler(McpResources.ListTemplatesAsync)
            .WithReadResourceHandler(McpResources.ReadAsync);
        return builder;
    }

    public static IEndpointConventionBuilder MapBugSageMcp(this WebApplication app) =>
        app.MapMcp(Path).RequireAuthorization(Policy).RequireRateLimiting(RateLimiting.RateLimitGroups.Mcp).WithTags("MCP");
}
