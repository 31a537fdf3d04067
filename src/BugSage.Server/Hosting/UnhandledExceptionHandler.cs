using Microsoft.AspNetCore.Diagnostics;

namespace BugSage.Server.Hosting;

/// <summary>Turns surprises into a 500 problem details with a trace id; expected failures never get here.</summary>
internal sealed class UnhandledExceptionHandler(IProblemDetailsService problems, ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            httpContext.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new() { HttpContext = httpContext, Exception = exception, ProblemDetails = { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message } });
        }
        logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new()
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = 500, Title = "An unexpected error occurred", Detail = "The error was logged; quote the traceId when reporting it." },
        });
    }
}
