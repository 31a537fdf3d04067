namespace BugSage.Server.Security;

/// <summary>
/// Headers that keep browsers from misusing BugSage's answers: no MIME sniffing, no framing,
/// no referrer leaks, and a Content-Security-Policy that allows nothing for API answers.
/// </summary>
public static class SecurityHeaders
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (!headers.ContainsKey("Content-Security-Policy")) headers.ContentSecurityPolicy = ApiPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
