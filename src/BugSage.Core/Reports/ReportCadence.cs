using Cronos;

namespace BugSage.Core.Reports;

/// <summary>
/// When a report schedule fires: a five-field cron expression read in an IANA time zone, so that "Monday 09:00 in
/// Europe/Berlin" stays 09:00 local on both sides of a DST change. Cronos does the calendar work: a local time skipped
/// by a spring-forward fires at the first instant after the gap, one repeated by a fall-back fires once.
/// </summary>
public sealed class ReportCadence
{
    /// <summary>
    /// The shortest gap allowed between two firings. Each firing writes a report that reads two whole periods of
    /// analytics, so a schedule every minute would be a way to load the server, not a way to read reports.
    /// </summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromHours(1);

    /// <summary>How many firings ahead are checked against <see cref="MinimumGap"/>: a week of hourly firings and more.</summary>
    private const int CheckedFirings = 200;

    private readonly CronExpression expression;

    private ReportCadence(CronExpression expression, TimeZoneInfo zone) => (this.expression, Zone) = (expression, zone);

    public TimeZoneInfo Zone { get; }

    /// <summary>
    /// The cadence of <paramref name="cron"/> in <paramref name="timeZone"/>, or the problems with each (keyed
    /// <c>cron</c> and <c>timeZone</c>), written for the person who typed them.
    /// </summary>
    public static (ReportCadence? Cadence, Dictionary<string, string[]> Problems) Parse(string? cron, string? timeZone, DateTime nowUtc)
    {
        var problems = new Dictionary<string, string[]>();
        CronExpression? expression = null;
        if (string.IsNullOrWhiteSpace(cron)) problems["cron"] = ["A cron expression is required, such as \"0 9 * * 1\" (Mondays at 09:00)."];
        else
        {
            try { expression = CronExpression.Parse(cron.Trim(), CronFormat.Standard); }
            catch (CronFormatException e) { problems["cron"] = [$"Not a five-field cron expression (minute hour day-of-month month day-of-week): {e.Message}"]; }
            // "H" asks for a per-schedule jitter, which would make the firing time depend on a seed nobody sees.
            catch (MissingSeedException) { problems["cron"] = ["\"H\" (hashed) fields are not supported; give the minute and hour."]; }
        }
        var zone = ZoneOf(timeZone, problems);
        if (expression is null || zone is null) return (null, problems);
        var cadence = new ReportCadence(expression, zone);
        if (cadence.TightestGap(nowUtc) is { } gap && gap < MinimumGap)
            problems["cron"] = [$"The schedule fires {Describe(gap)} apart; report schedules fire at most once an hour."];
        else if (cadence.NextAfter(nowUtc) is null)
            problems["cron"] = ["The expression never fires again."];
        return problems.Count == 0 ? (cadence, problems) : (null, problems);
    }

    /// <summary>The first firing strictly after <paramref name="afterUtc"/>, in UTC; null when there is none.</summary>
    public DateTime? NextAfter(DateTime afterUtc) =>
        expression.GetNextOccurrence(DateTime.SpecifyKind(afterUtc, DateTimeKind.Utc), Zone, inclusive: false);

    /// <summary>
    /// Only IANA names (<c>Europe/Berlin</c>, <c>UTC</c>): they mean the same on every node, while Windows names
    /// resolve only where the host can translate them.
    /// </summary>
    private static TimeZoneInfo? ZoneOf(string? timeZone, Dictionary<string, string[]> problems)
    {
        if (string.IsNullOrWhiteSpace(timeZone))
        {
            problems["timeZone"] = ["A time zone is required, as an IANA name such as Europe/Berlin or UTC."];
            return null;
        }
        if (TimeZoneInfo.TryFindSystemTimeZoneById(timeZone.Trim(), out var zone) && zone.HasIanaId) return zone;
        problems["timeZone"] = [$"Unknown time zone; use an IANA name such as Europe/Berlin, America/New_York or UTC."];
        return null;
    }

    private TimeSpan? TightestGap(DateTime nowUtc)
    {
        TimeSpan? tightest = null;
        var previous = NextAfter(nowUtc);
        for (var i = 0; i < CheckedFirings && previous is { } at; i++)
        {
            var next = NextAfter(at);
            if (next is { } n && (tightest is null || n - at < tightest)) tightest = n - at;
            previous = next;
        }
        return tightest;
    }

    private static string Describe(TimeSpan gap) => gap.TotalMinutes < 1 ? "less than a minute" : $"{(int)gap.TotalMinutes} minute(s)";
}
