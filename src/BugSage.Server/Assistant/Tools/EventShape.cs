using BugSage.Core;
using BugSage.Server.Issues;

namespace BugSage.Server.Assistant.Tools;

/// <summary>
/// An event as a tool returns it: what explains the error (exceptions with their innermost frames,
/// tags, release, the request line, the last breadcrumbs), without what only bloats a model's
/// context (headers, cookies, request bodies, debug images, every thread).
/// </summary>
public static class EventShape
{
    private const int MaxFrames = 25;
    private const int MaxTags = 30;
    private const int MaxBreadcrumbs = 10;

    public static object From(EventDetailDto detail)
    {
        var e = detail.Event;
        return new
        {
            eventId = e.EventId,
            detail.ProjectId,
            detail.IssueId,
            e.Timestamp,
            e.Level,
            e.Platform,
            e.Title,
            message = e.Message?.Truncate(2_000),
            e.Culprit,
            e.Release,
            e.Environment,
            e.Transaction,
            tags = e.Tags.Take(MaxTags).Select(t => new { t.Key, t.Value }),
            request = e.Request is { } r ? new { r.Method, url = r.Url?.Truncate(500) } : null,
            exceptions = (e.Exception?.Values ?? []).Select(x => new
            {
                x.Type,
                value = x.Value?.Truncate(2_000),
                x.Module,
                // Sentry orders frames outermost first: the last ones are where it broke.
                frames = (x.Stacktrace?.Frames ?? []).TakeLast(MaxFrames).Select(f => new
                {
                    file = f.Filename ?? f.AbsPath,
                    f.Function,
                    line = f.Lineno,
                    f.InApp,
                    context = f.ContextLine?.Truncate(300),
                }),
            }),
            breadcrumbs = e.Breadcrumbs.TakeLast(MaxBreadcrumbs).Select(b => new { b.Timestamp, b.Category, message = b.Message?.Truncate(300), b.Level }),
        };
    }
}
