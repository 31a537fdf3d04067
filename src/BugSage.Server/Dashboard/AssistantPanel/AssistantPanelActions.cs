using BugSage.Server.Assistant.Conversations;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Antiforgery;

namespace BugSage.Server.Dashboard.AssistantPanel;

/// <summary>
/// The assistant panel's routes: the conversation API's own handlers, reached with the dashboard
/// cookie under <c>/dashboard/assistant</c>, since the REST API takes bearer tokens only.
/// </summary>
public static class AssistantPanelActions
{
    public const string Path = "/dashboard/assistant/conversations";

    public static WebApplication MapAssistantPanelActions(this WebApplication app)
    {
        var group = app.MapGroup(Path).RequireAuthorization(DashboardAuth.Policy).ExcludeFromDescription()
            .AddEndpointFilter(RequireAntiforgeryHeader);
        group.MapPost("/", ConversationHttp.Create);
        group.MapGet("/", ConversationHttp.List);
        group.MapGet("/{conversationId:long}", ConversationHttp.Get);
        group.MapPost("/{conversationId:long}/messages", ConversationHttp.Ask);
        group.MapPost("/{conversationId:long}/confirmations/{messageId:long}", ConversationHttp.Confirm);
        return app;
    }

    /// <summary>
    /// A cookie rides along with any request the browser makes, so every change here must also
    /// carry the page's antiforgery token in its header. JSON bodies get no automatic check
    /// (that covers form posts only), hence this one.
    /// </summary>
    private static async ValueTask<object?> RequireAntiforgeryHeader(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method))
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
                return TypedResults.Problem("The page's antiforgery token is missing or stale; reload the page.", statusCode: StatusCodes.Status400BadRequest);
        }
        return await next(context);
    }
}
