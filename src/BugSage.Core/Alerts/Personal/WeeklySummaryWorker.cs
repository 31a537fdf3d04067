using System.Globalization;
using System.Net;
using BugSage.Core.Accounts;
using BugSage.Core.Alerts.Firing;
using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Core.Mail;
using BugSage.Core.Processing.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace BugSage.Core.Alerts.Personal;

/// <summary>
/// Mails each person, once a week, what happened in the projects they can read: new issues,
/// regressions, the busiest issues and the fixes shipped. The week is Monday to Monday (UTC);
/// the summary goes out from <see cref="AlertOptions.WeeklySummaryHourUtc"/> on Monday. A person's
/// row for the week is written before the message is sent, so that of several nodes only one mails
/// them; a crash between the two leaves the row "sending" and that week unsent rather than sent twice.
/// </summary>
public sealed class WeeklySummaryWorker(WorkerServices services, MailSender mail, IssueLinks links, IOptions<AlertOptions> options, ILogger<WeeklySummaryWorker> logger)
    : PeriodicWorker(services, logger, "weekly-summary")
{
    private const int Listed = 5;

    /// <summary>The Monday (UTC) starting the last whole week before <paramref name="now"/>, or null before this week's sending hour.</summary>
    public static DateTime? WeekToSummarise(DateTime now, int sendHourUtc)
    {
        var thisMonday = now.Date.AddDays(-(((int)now.DayOfWeek + 6) % 7));
        return now >= thisMonday.AddHours(sendHourUtc) ? DateTime.SpecifyKind(thisMonday.AddDays(-7), DateTimeKind.Utc) : null;
    }

    /// <summary>Sends the summaries due now; answers how many were mailed.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        if (!mail.IsConfigured) return 0;
        var now = Clock.GetUtcNow().UtcDateTime;
        if (WeekToSummarise(now, options.Value.WeeklySummaryHourUtc) is not { } weekStart) return 0;
        await using var scope = Services.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var due = await db.Users.AsNoTracking()
            .Where(u => db.Memberships.Any(m => m.UserId == u.Id))
            .Where(u => !db.NotificationSettings.Any(s => s.UserId == u.Id && (!s.Email || !s.WeeklySummary)))
            .Where(u => !db.WeeklySummaries.Any(w => w.UserId == u.Id && w.WeekStart == weekStart))
            .OrderBy(u => u.Id).Select(u => new { u.Id, u.Email }).Take(500).ToListAsync(ct);
        var sent = 0;
        foreach (var user in due)
        {
            var row = new WeeklySummary { UserId = user.Id, WeekStart = weekStart, CreatedAt = now };
            db.WeeklySummaries.Add(row);
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException)
            {
                // Another node took this person's week first.
                db.ChangeTracker.Clear();
                continue;
            }
            var summary = await SummaryAsync(db, user.Id, weekStart, ct);
            if (summary.IsEmpty)
            {
                row.Status = "skipped";
            }
            else
            {
                try
                {
                    await mail.SendAsync(Message(user.Email, weekStart, summary), ct);
                    row.Status = "sent";
                    row.SentAt = Clock.GetUtcNow().UtcDateTime;
                    sent++;
                }
                catch (Exception e) when (MailSender.IsMailFailure(e) && !ct.IsCancellationRequested)
                {
                    row.Status = "failed";
                    row.Error = $"{e.GetType().Name}: {e.Message}".Truncate(1000);
                    Logger.LogWarning(e, "The weekly summary for user {User} could not be mailed", user.Id);
                }
            }
            await db.SaveChangesAsync(ct);
        }
        return sent;
    }

    public sealed record Line(string ShortId, string Title, string Url, string Note);

    public sealed record Summary(IReadOnlyList<Line> NewIssues, int NewIssueCount, IReadOnlyList<Line> Regressions, int RegressionCount,
        IReadOnlyList<Line> Busiest, IReadOnlyList<Line> FixesShipped, int FixCount)
    {
        public bool IsEmpty => NewIssueCount == 0 && RegressionCount == 0 && Busiest.Count == 0 && FixCount == 0;
    }

    /// <summary>The week in the projects of the person's organizations.</summary>
    internal async Task<Summary> SummaryAsync(AppDbContext db, long userId, DateTime weekStart, CancellationToken ct)
    {
        var weekEnd = weekStart.AddDays(7);
        var projects = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.Projects, m => m.OrganizationId, p => p.OrganizationId, (m, p) => new { p.Id, p.Slug }).ToDictionaryAsync(p => p.Id, p => p.Slug, ct);
        var ids = projects.Keys.ToList();
        var issues = db.Issues.AsNoTracking().Where(i => ids.Contains(i.ProjectId));
        Line LineOf(Issue i, string note) => new(ShortIds.Format(projects[i.ProjectId], i.ShortNumber), i.Title.Truncate(200), links.Issue(i.Id), note);

        var fresh = issues.Where(i => i.FirstSeen >= weekStart && i.FirstSeen < weekEnd);
        var newCount = await fresh.CountAsync(ct);
        var newest = (await fresh.OrderByDescending(i => i.Count).ThenBy(i => i.Id).Take(Listed).ToListAsync(ct))
            .Select(i => LineOf(i, $"{i.Count} events")).ToList();

        var regressedIds = db.IssueActivities.AsNoTracking()
            .Where(a => a.Kind == ActivityKinds.Regressed && a.CreatedAt >= weekStart && a.CreatedAt < weekEnd).Select(a => a.IssueId).Distinct();
        var regressed = issues.Where(i => regressedIds.Contains(i.Id));
        var regressionCount = await regressed.CountAsync(ct);
        var regressions = (await regressed.OrderByDescending(i => i.LastSeen).Take(Listed).ToListAsync(ct)).Select(i => LineOf(i, "regressed")).ToList();

        // The busiest: events this week among the issues seen this week, counted per issue on its (issue, time) index.
        var seen = await issues.Where(i => i.LastSeen >= weekStart).OrderByDescending(i => i.Count).Take(200).ToListAsync(ct);
        var seenIds = seen.Select(i => i.Id).ToList();
        var counts = await db.Events.AsNoTracking().Where(e => seenIds.Contains(e.IssueId) && e.Timestamp >= weekStart && e.Timestamp < weekEnd)
            .GroupBy(e => e.IssueId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var busiest = seen.Where(i => counts.ContainsKey(i.Id)).OrderByDescending(i => counts[i.Id]).ThenBy(i => i.Id).Take(Listed)
            .Select(i => LineOf(i, $"{counts[i.Id]} events this week")).ToList();

        var shipped = db.IssueActivities.AsNoTracking()
            .Where(a => (a.Kind == "fix_applied" || a.Kind == "fix_merged") && a.CreatedAt >= weekStart && a.CreatedAt < weekEnd)
            .Join(issues, a => a.IssueId, i => i.Id, (a, i) => new { a.Kind, Issue = i });
        var fixCount = await shipped.CountAsync(ct);
        var fixes = (await shipped.OrderByDescending(x => x.Issue.Id).Take(Listed).ToListAsync(ct))
            .Select(x => LineOf(x.Issue, x.Kind == "fix_merged" ? "fix merged" : "fix shipped")).ToList();
        return new Summary(newest, newCount, regressions, regressionCount, busiest, fixes, fixCount);
    }

    private MimeMessage Message(string to, DateTime weekStart, Summary s)
    {
        var week = string.Create(CultureInfo.InvariantCulture, $"{weekStart:d MMM} – {weekStart.AddDays(6):d MMM yyyy}");
        var sections = new (string Heading, IReadOnlyList<Line> Lines, int Total)[]
        {
            ("New issues", s.NewIssues, s.NewIssueCount), ("Regressions", s.Regressions, s.RegressionCount),
            ("Busiest issues", s.Busiest, s.Busiest.Count), ("Fixes shipped", s.FixesShipped, s.FixCount),
        };
        static string E(string text) => WebUtility.HtmlEncode(text);
        var text = string.Join("\n\n", sections.Select(x => $"{x.Heading} ({x.Total})\n" +
            (x.Lines.Count == 0 ? "  none" : string.Join("\n", x.Lines.Select(l => $"  {l.ShortId} {l.Title} ({l.Note}) {l.Url}")))));
        var html = string.Concat(sections.Select(x => $"<h3>{E(x.Heading)} ({x.Total})</h3>" + (x.Lines.Count == 0 ? "<p>none</p>"
            : "<ul>" + string.Concat(x.Lines.Select(l => $"<li><a href=\"{E(l.Url)}\">{E(l.ShortId)}</a> {E(l.Title)} <small>({E(l.Note)})</small></li>")) + "</ul>")));
        var message = new MimeMessage { Subject = $"[BugSage] Your week: {week}" };
        message.From.Add(mail.From);
        message.To.Add(MailboxAddress.Parse(to));
        var footer = "You get this because you are a member of these projects; turn it off in your notification settings.";
        message.Body = new BodyBuilder
        {
            TextBody = $"Your week in BugSage, {week}\n\n{text}\n\n{footer}\n",
            HtmlBody = $"<h2>Your week in BugSage, {E(week)}</h2>{html}<p><small>{E(footer)}</small></p>",
        }.ToMessageBody();
        return message;
    }

    protected override TimeSpan Period => TimeSpan.FromMinutes(15);

    protected override Task RunRoundAsync(CancellationToken ct) => SendDueAsync(ct);
}
