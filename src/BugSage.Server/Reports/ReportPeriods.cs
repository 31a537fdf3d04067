using BugSage.Core.Reports;
using BugSage.Server.Analytics;

namespace BugSage.Server.Reports;

/// <summary>
/// The period a report covers, from its kind and the time it is asked: whole days for weekly and monthly (in UTC, or in a
/// schedule's time zone), whole hours for custom.
/// </summary>
public static class ReportPeriods
{
    /// <param name="zone">
    /// Where the weeks and months are counted: a schedule's time zone, so that a report firing on Monday morning in Tokyo
    /// (Sunday night in UTC) covers the week that just ended there. Null is UTC.
    /// </param>
    public static (DateTime From, DateTime To)? Of(ReportRequest request, DateTime now, Dictionary<string, string[]> errors, TimeZoneInfo? zone = null)
    {
        zone ??= TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(now, DateTimeKind.Utc), zone);
        switch (request.Kind)
        {
            case ReportKinds.Weekly or ReportKinds.Monthly when request.From is not null || request.To is not null:
                errors["from"] = [$"A {request.Kind} report covers the last full {(request.Kind == ReportKinds.Weekly ? "week" : "month")}; from and to are for custom reports."];
                return null;
            case ReportKinds.Weekly:
                // Weeks start on Monday, as the analytics series' weeks do.
                var monday = local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7));
                return (Utc(monday.AddDays(-7), zone), Utc(monday, zone));
            case ReportKinds.Monthly:
                var first = new DateTime(local.Year, local.Month, 1);
                return (Utc(first.AddMonths(-1), zone), Utc(first, zone));
            case ReportKinds.Custom:
                if (request.From is null) errors["from"] = ["A custom report needs from and to."];
                if (request.To is null) errors["to"] = ["A custom report needs from and to."];
                if (request.From is null || request.To is null) return null;
                var (range, problems) = AnalyticsRange.Of(request.From, request.To, "day", null, null, now);
                if (range is null)
                {
                    foreach (var (field, messages) in problems!) errors[field] = messages;
                    return null;
                }
                return (range.From, range.To);
            default:
                errors["kind"] = ["The kind is one of weekly, monthly, custom."];
                return null;
        }
    }

    /// <summary>
    /// A local midnight as the UTC hour it falls in: analytics ranges are whole UTC hours, so in a zone whose offset is not
    /// (India, +05:30) both ends of every period move back the same half hour and periods still meet end to end. A midnight
    /// that a daylight-saving change skips is the first hour of that day that exists.
    /// </summary>
    private static DateTime Utc(DateTime localMidnight, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(localMidnight, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddHours(1);
        var utc = TimeZoneInfo.ConvertTimeToUtc(local, zone);
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);
    }
}
