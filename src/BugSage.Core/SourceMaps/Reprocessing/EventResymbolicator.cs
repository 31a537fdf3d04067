using System.Text.Json;
using BugSage.Core.Events;

namespace BugSage.Core.SourceMaps.Reprocessing;

/// <summary>
/// Maps a stored event's JavaScript frames again, with the maps there are now: each frame goes
/// back to what the SDK sent (the minified original of a frame mapped before, the frame itself
/// otherwise) and through <see cref="EventSymbolicator"/> once more, so a new map, a fixed map or
/// a map that is gone all show as they would for a new event.
/// </summary>
public static class EventResymbolicator
{
    /// <summary>Whether the event changed; its culprit follows its frames unless the SDK named it.</summary>
    public static bool Apply(NormalizedEvent evt, EventSymbolicator.Finder find)
    {
        var before = JsonSerializer.SerializeToUtf8Bytes(evt, EventJson.Options);
        // The digest derives the culprit from the mapped frames unless the SDK sent one; a stored event no longer says
        // which, so a culprit that is what the frames give is taken as derived.
        var derivedCulprit = evt.Culprit == EventTitle.CulpritFor(evt);
        foreach (var stacktrace in EventSymbolicator.Stacktraces(evt))
            for (var i = 0; i < stacktrace.Frames.Count; i++)
                stacktrace.Frames[i] = AsSent(stacktrace.Frames[i]);
        EventSymbolicator.Apply(evt, find);
        if (derivedCulprit) evt.Culprit = EventTitle.CulpritFor(evt);
        return !before.AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(evt, EventJson.Options));
    }

    /// <summary>The frame as the SDK sent it: the local variables it sent stay, what mapping added goes.</summary>
    private static StackFrame AsSent(StackFrame frame)
    {
        frame.MappingProblem = null;
        if (frame.Minified is not { } minified) return frame;
        return new StackFrame
        {
            Filename = minified.Filename, AbsPath = minified.AbsPath, Function = minified.Function, Module = minified.Module, Package = minified.Package,
            Lineno = minified.Lineno, Colno = minified.Colno, InApp = minified.InApp, Vars = frame.Vars,
        };
    }
}
