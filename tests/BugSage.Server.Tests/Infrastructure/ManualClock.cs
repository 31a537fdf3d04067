namespace BugSage.Server.Tests.Infrastructure;

/// <summary>A clock tests move by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public ManualClock() : this(DateTimeOffset.UtcNow) { }

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
