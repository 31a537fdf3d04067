namespace BugSage.Core.SourceMaps.Reprocessing;

/// <summary>How much one reprocessing run does: a bound on work that can happen on a request or after each upload.</summary>
public static class ReprocessLimits
{
    /// <summary>Events one run looks at, newest first; a run says when older ones are left (see <see cref="ReprocessOutcome.NextBefore"/>).</summary>
    public const int EventsPerRun = 1000;

    /// <summary>Events read and written together: payloads can be large.</summary>
    internal const int Chunk = 100;

    /// <summary>Failed events named in a job's error.</summary>
    internal const int FailuresNamed = 5;
}
