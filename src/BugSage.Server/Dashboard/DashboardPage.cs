using Microsoft.AspNetCore.Components;

namespace BugSage.Server.Dashboard;

/// <summary>A dashboard page: rendered on the server for one request, whose cancellation its reads follow.</summary>
public abstract class DashboardPage : ComponentBase
{
    [CascadingParameter] public HttpContext? HttpContext { get; set; }

    /// <summary>Cancelled when the browser goes away, so that a page stops reading for no one.</summary>
    protected CancellationToken Aborted => HttpContext?.RequestAborted ?? CancellationToken.None;
}
