using BugSage.Core.Events;

namespace BugSage.Core.SourceMaps;

/// <summary>
/// Maps an event's JavaScript frames through their source maps, in place, before the event is
/// fingerprinted: grouping then sees original files and functions, so a new deploy with new
/// bundle hashes does not split an issue.
/// </summary>
public static class EventSymbolicator
{
    private static readonly string[] ScriptExtensions = [".js", ".mjs", ".cjs", ".jsx"];

    /// <summary>Distinct script files looked up for one event: a stack of real code names a few; thousands are an attack on the digest.</summary>
    public const int MaxFilesPerEvent = 20;

    /// <summary>Finds the map for a file URL (and its debug ID, if the event gave one).</summary>
    public delegate (SourceArtifact? Artifact, string? Problem) Finder(string fileUrl, string? debugId);

    /// <summary>Whether any frame was mapped.</summary>
    public static bool Apply(NormalizedEvent evt, Finder find)
    {
        var found = new Dictionary<string, (SourceArtifact?, string?)>(StringComparer.Ordinal);
        var mapped = false;
        foreach (var stacktrace in Stacktraces(evt))
            for (var i = 0; i < stacktrace.Frames.Count; i++)
            {
                var frame = stacktrace.Frames[i];
                if (frame.Minified is not null || (frame.AbsPath ?? frame.Filename) is not { } url || !LooksLikeScript(url)) continue;
                var debugId = evt.DebugImages?.FirstOrDefault(image => image.CodeFile == url)?.DebugId;
                if (!found.TryGetValue(url, out var artifact))
                    found[url] = artifact = found.Count < MaxFilesPerEvent ? find(url, debugId) : (null, $"the event names more than {MaxFilesPerEvent} script files; the rest are not mapped");
                var (map, problem) = artifact;
                if (map is not null)
                {
                    var (original, why) = FrameSymbolicator.Map(frame, map);
                    if (original is not null)
                    {
                        stacktrace.Frames[i] = original;
                        mapped = true;
                        continue;
                    }
                    problem = why;
                }
                // Library frames the team never uploaded maps for are not a problem worth showing.
                if (frame.InApp || debugId is not null) frame.MappingProblem = problem;
            }
        return mapped;
    }

    /// <summary>
    /// Whether a frame could gain from a map uploaded now: an unmapped script frame of the application's (or one whose
    /// script has a debug ID). Events digested before a project had any upload carry no mapping problem, yet are such.
    /// </summary>
    internal static bool HasUnmappedFrames(NormalizedEvent evt) =>
        Stacktraces(evt).Any(st => st.Frames.Any(frame => frame.Minified is null && (frame.AbsPath ?? frame.Filename) is { } url && LooksLikeScript(url)
            && (frame.InApp || frame.MappingProblem is not null || evt.DebugImages?.Any(image => image.CodeFile == url) == true)));

    private static bool LooksLikeScript(string url)
    {
        var path = url.AsSpan();
        var cut = path.IndexOfAny('?', '#');
        if (cut >= 0) path = path[..cut];
        foreach (var extension in ScriptExtensions)
            if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>Each stack trace of the event once, though an exception and its thread may share one.</summary>
    internal static IEnumerable<Stacktrace> Stacktraces(NormalizedEvent evt)
    {
        var seen = new HashSet<Stacktrace>(ReferenceEqualityComparer.Instance);
        foreach (var value in evt.Exception?.Values ?? [])
            if (value.Stacktrace is { } st && seen.Add(st)) yield return st;
        foreach (var thread in evt.Threads)
            if (thread.Stacktrace is { } st && seen.Add(st)) yield return st;
    }
}
