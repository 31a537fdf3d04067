using BugSage.Core.Reports;
using BugSage.Server.Analytics;

namespace BugSage.Server.Reports;

/// <summary>The period a report covers, from its kind and the time it is asked: whole days for weekly and monthly, whole hours for custom.</summary>
public static class ReportPeriods
{
    public static (DateTime From, DateTime To)? Of(ReportRequest request, DateTime now, Dictionary<string, string[]> errors)
    {
        switch (request.Kind)
        {
            case ReportKinds.Weekly or ReportKinds.Monthly when request.From is not null || request.To is not null:
                errors["from"] = [$"A {request.Kind} report covers the last full {(request.Kind == ReportKinds.Weekly ? "week" : "month")}; from and to are for custom reports."];
                return null;
            case ReportKinds.Weekly:
                // Weeks start on Monday, as the analytics series' weeks do.
                var monday = now.Date.AddDays(-(((int)now.DayOfWeek + 6) % 7));
                return (Utc(monday.AddDays(-7)), Utc(monday));
            case ReportKinds.Monthly:
                var first = new DateTime(now.Year, now.Month, 1);
                return (Utc(first.AddMonths(-1)), Utc(first));
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

    private static DateTime Utc(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc);
}
