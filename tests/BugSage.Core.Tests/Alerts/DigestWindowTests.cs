using BugSage.Core.Alerts;
using BugSage.Core.Alerts.Firing;

namespace BugSage.Core.Tests.Alerts;

/// <summary>Digest windows are aligned to the clock, and an instant on a boundary opens the next window.</summary>
public class DigestWindowTests
{
    [Theory]
    [InlineData("2026-12-03T12:01:00", 10, "2026-12-03T12:10:00")]
    [InlineData("2026-12-03T12:09:59.999", 10, "2026-12-03T12:10:00")]
    [InlineData("2026-12-03T12:10:00", 10, "2026-12-03T12:20:00")]
    [InlineData("2026-12-03T23:59:00", 1440, "2026-12-04T00:00:00")]
    [InlineData("2026-12-03T12:07:00", 15, "2026-12-03T12:15:00")]
    public void The_window_end_follows_the_clock(string now, int minutes, string end) =>
        FiringWriter.DigestWindowEnd(DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), minutes)
            .ShouldBe(DateTime.Parse(end, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal));

    [Fact]
    public void Issue_age_bounds_include_their_edges()
    {
        var now = new DateTime(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);
        var matcher = new AlertConditions(MinIssueAgeMinutes: 60, MaxIssueAgeMinutes: 120).ToMatcher();
        var e = new BugSage.Core.Events.NormalizedEvent { EventId = "0", Title = "t" };
        bool Aged(int minutes) => matcher.Matches(e, new IssueFacts(now.AddMinutes(-minutes), false), now);
        (Aged(59), Aged(60), Aged(120), Aged(121)).ShouldBe((false, true, true, false));
    }
}
