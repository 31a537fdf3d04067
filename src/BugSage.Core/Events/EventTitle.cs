namespace BugSage.Core.Events;

/// <summary>The one-line title and the culprit location an issue shows.</summary>
public static class EventTitle
{
    public static string For(NormalizedEvent evt)
    {
        var title = evt.MainException is { } ex
            ? (ex.Type, ex.Value) switch
            {
                ({ } t, { } v) => $"{t}: {FirstLine(v)}",
                ({ } t, null) => t,
                (null, { } v) => FirstLine(v),
                _ => "<unknown error>",
            }
            : evt.Message is { } m ? FirstLine(m)
            : evt.Transaction ?? "<no message>";
        return title.Truncate(1024);
    }

    public static string? CulpritFor(NormalizedEvent evt)
    {
        var frames = evt.MainException?.Stacktrace?.Frames;
        if (frames is null || frames.Count == 0) return evt.Transaction;
        // Frames run from the outermost call to the crash site: the last in-app one is to blame.
        var frame = frames.LastOrDefault(f => f.InApp) ?? frames[^1];
        var where = frame.Module ?? frame.Filename ?? frame.AbsPath;
        var culprit = (frame.Function, where) switch
        {
            ({ } f, { } w) => $"{f}({w})",
            ({ } f, null) => f,
            (null, { } w) => w,
            _ => null,
        };
        return culprit?.Truncate(512);
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOfAny(['\r', '\n']);
        return (i >= 0 ? s[..i] : s).Trim();
    }
}
