namespace BugSage.Server.Security;

/// <summary>
/// Headers that keep browsers from misusing BugSage's answers: no MIME sniffing, no framing,
/// no referrer leaks, and a Content-Security-Policy: nothing for API answers, only the dashboard's
/// own resources for its pages.
/// </summary>
public static class SecurityHeaders
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// Dashboard pages load only their own scripts, styles, images and the circuit's WebSocket:
    /// no inline script or style, no other origin, no framing, forms post only here.
    /// </summary>
    public const string DashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (!headers.ContainsKey("Content-Security-Policy"))
                headers.ContentSecurityPolicy = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true ? DashboardPolicy : ApiPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
