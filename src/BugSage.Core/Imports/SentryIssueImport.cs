using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Data;
using BugSage.Core.Events;
using BugSage.Core.Grouping;
using BugSage.Core.Issues;
using BugSage.Core.Processing.Digest;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Imports;

/// <summary>A Sentry issue and its latest events, as read.</summary>
public sealed record FetchedIssue(JsonObject Issue, IReadOnlyList<JsonObject> Events);

/// <summary>
/// Imports issues with their state (status, assignee, counts, first and last seen) and their
/// latest events. Each event goes through the digest's own steps (scrub, normalize, fingerprint),
/// and the fingerprint is registered for the imported issue: Sentry's hashes mean nothing here,
/// so this is what makes a new event from an SDK, with the same stack, join the imported issue.
/// </summary>
public sealed class SentryIssueImport(AppDbContext db, TimeProvider clock, SentryProjectImport projects)
{
    /// <summary>Who the imported issues' history names.</summary>
    public static readonly Actor Importer = new(null, "sentry import");

    /// <summary>Reads each issue's latest events (up to the job's number), before any write.</summary>
    public async Task<List<FetchedIssue>> FetchEventsAsync(SentryImportJob job, SentryClient client, SentryPage page, CancellationToken ct)
    {
        var fetched = new List<FetchedIssue>();
        foreach (var issue in page.Items.OfType<JsonObject>())
        {
            if (SentryProjectImport.Str(issue, "id") is not { Length: > 0 and <= 100 } id) continue;
            var events = new List<JsonObject>();
            string? cursor = null;
            while (job.EventsPerIssue > 0)
            {
                var eventPage = await client.PageAsync($"issues/{Uri.EscapeDataString(id)}/events/?full=true", cursor, ct);
                events.AddRange(eventPage.Items.OfType<JsonObject>().Take(job.EventsPerIssue - events.Count));
                cursor = eventPage.NextCursor;
                if (cursor is null || events.Count >= job.EventsPerIssue || eventPage.Items.Count == 0) break;
            }
            fetched.Add(new FetchedIssue(issue, events));
        }
        return fetched;
    }

    internal async Task ImportPageAsync(SentryImportJob job, long projectId, IReadOnlyList<FetchedIssue> page, CancellationToken ct)
    {
        var project = await db.Projects.FirstAsync(p => p.Id == projectId, ct);
        var settings = new ProjectDigestSettings(project);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (sentry, events) in page)
        {
            var sentryId = SentryProjectImport.Str(sentry, "id")!;
            var issue = await projects.MappedAsync(job, ImportMappingKind.Issue, sentryId, ct) is { } mapped
                ? await db.Issues.FirstOrDefaultAsync(i => i.Id == mapped && i.ProjectId == projectId, ct)
                : null;
            var prepared = Prepare(job, sentry, events, settings, now);
            var isNew = issue is null;
            if (issue is null)
            {
                var latest = prepared.FirstOrDefault()?.Event;
                issue = IssueFactory.Open(await IssueFactory.ReserveAsync(db, project.Id, ct), project, (SentryProjectImport.Str(sentry, "title") ?? latest?.Title ?? "(no title)").Truncate(1024),
                    SentryProjectImport.Str(sentry, "culprit")?.Truncate(512) ?? latest?.Culprit, Level(sentry), SentryProjectImport.Str(sentry, "platform")?.Truncate(64) ?? latest?.Platform,
                    now, now, prepared.LastOrDefault()?.Event.Release);
                db.Issues.Add(issue);
            }
            await ApplyStateAsync(job, issue, isNew, sentry, prepared, now, ct);
            await db.SaveChangesAsync(ct);
            if (isNew)
            {
                await projects.MapAsync(job, ImportMappingKind.Issue, sentryId, issue.Id, ct);
                job.IssuesImported++;
            }
            foreach (var p in prepared) p.Issue = issue;
            job.EventsImported += await WriteEventsAsync(job, issue, prepared, isNew, ct);
        }
    }

    /// <summary>The events as the digest would have prepared them, newest first; an event that cannot be read is noted and left out.</summary>
    private static List<PreparedEvent> Prepare(SentryImportJob job, JsonObject sentry, IReadOnlyList<JsonObject> events, ProjectDigestSettings settings, DateTime now)
    {
        var prepared = new List<PreparedEvent>();
        foreach (var api in events)
        {
            try
            {
                var payload = Encoding.UTF8.GetBytes(SentryEventConverter.ToSdkEvent(api, Level(sentry)).ToJsonString());
                var received = api["dateReceived"].Timestamp() ?? api["dateCreated"].Timestamp() ?? now;
                prepared.Add(EventPreparer.Prepare(payload, null, received, settings));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                job.Note($"issue {SentryProjectImport.Str(sentry, "shortId") ?? SentryProjectImport.Str(sentry, "id")}: an event could not be read ({e.GetType().Name}); left out");
            }
        }
        return prepared.OrderByDescending(p => p.Event.Timestamp).ToList();
    }

    /// <summary>
    /// What Sentry says of the issue wins over what its few imported events would say. On a rerun
    /// the counters and times only grow: events that joined here since the first run still count.
    /// </summary>
    private async Task ApplyStateAsync(SentryImportJob job, Issue issue, bool isNew, JsonObject sentry, List<PreparedEvent> events, DateTime now, CancellationToken ct)
    {
        var count = Long(sentry["count"]) ?? events.Count;
        var users = Long(sentry["userCount"]) ?? 0;
        var firstSeen = sentry["firstSeen"].Timestamp() ?? events.LastOrDefault()?.Event.Timestamp ?? issue.FirstSeen;
        var lastSeen = sentry["lastSeen"].Timestamp() ?? events.FirstOrDefault()?.Event.Timestamp ?? issue.LastSeen;
        issue.Count = isNew ? count : Math.Max(issue.Count, count);
        issue.UserCount = isNew ? users : Math.Max(issue.UserCount, users);
        issue.FirstSeen = isNew || firstSeen < issue.FirstSeen ? firstSeen : issue.FirstSeen;
        issue.LastSeen = isNew || lastSeen > issue.LastSeen ? lastSeen : issue.LastSeen;
        issue.Level = Level(sentry);
        issue.LastRelease = events.FirstOrDefault(e => e.Event.Release is not null)?.Event.Release ?? issue.LastRelease;
        issue.FirstRelease ??= events.LastOrDefault(e => e.Event.Release is not null)?.Event.Release;
        var substatus = SentryProjectImport.Str(sentry, "substatus");
        switch (SentryProjectImport.Str(sentry, "status"))
        {
            case "resolved":
                issue.Status = IssueStatus.Resolved;
                issue.Substatus = null;
                issue.ResolvedAt ??= issue.LastSeen;
                break;
            case "ignored" or "archived" or "muted":
                issue.Status = IssueStatus.Ignored;
                issue.Substatus = substatus is IssueSubstatus.ArchivedForever or IssueSubstatus.ArchivedUntilEscalating or IssueSubstatus.ArchivedUntilConditionMet
                    ? substatus : IssueSubstatus.ArchivedForever;
                issue.ResolvedAt = null;
                break;
            default:
                issue.Status = IssueStatus.Unresolved;
                issue.Substatus = substatus is IssueSubstatus.New or IssueSubstatus.Ongoing or IssueSubstatus.Regressed or IssueSubstatus.Escalating ? substatus : IssueSubstatus.Ongoing;
                issue.ResolvedAt = null;
                break;
        }
        await AssignAsync(job, issue, sentry["assignedTo"] as JsonObject, now, ct);
    }

    /// <summary>Assigns the issue to the member with the Sentry assignee's email; anyone else leaves it unassigned, with a comment saying who it was.</summary>
    private async Task AssignAsync(SentryImportJob job, Issue issue, JsonObject? assignedTo, DateTime now, CancellationToken ct)
    {
        if (assignedTo is null)
        {
            issue.AssigneeId = null;
            return;
        }
        var email = SentryProjectImport.Str(assignedTo, "email")?.Trim().ToLowerInvariant();
        var who = email ?? SentryProjectImport.Str(assignedTo, "name") ?? "someone";
        var member = email is null ? null : await (from u in db.Users
                                                   join m in db.Memberships on u.Id equals m.UserId
                                                   where m.OrganizationId == job.OrganizationId && u.Email == email
                                                   select (long?)u.Id).FirstOrDefaultAsync(ct);
        if (member is { } userId)
        {
            issue.AssigneeId = userId;
            return;
        }
        issue.AssigneeId = null;
        var kind = SentryProjectImport.Str(assignedTo, "type") == "team" ? "the Sentry team" : "";
        var note = $"Assigned in Sentry to {kind}{(kind.Length > 0 ? " " : "")}{who.Truncate(200)}, who is not a member of this organization: left unassigned.";
        if (issue.Id == 0 || !await db.IssueActivities.AnyAsync(a => a.IssueId == issue.Id && a.Kind == ActivityKinds.Comment && a.Data == note, ct))
        {
            if (issue.Id == 0) await db.SaveChangesAsync(ct);
            db.IssueActivities.Add(IssueActivity.Of(issue.Id, ActivityKinds.Comment, Importer, now, note));
        }
    }

    /// <summary>
    /// Stores the events not stored before (their event ids are kept, so a rerun finds them), with
    /// their tags, hours and users, and registers their fingerprints for the issue. Returns how many were new.
    /// </summary>
    private async Task<int> WriteEventsAsync(SentryImportJob job, Issue issue, List<PreparedEvent> prepared, bool isNew, CancellationToken ct)
    {
        if (prepared.Count == 0) return 0;
        var ids = prepared.Select(p => p.Event.EventId).ToList();
        var stored = (await db.Events.Where(e => e.ProjectId == issue.ProjectId && ids.Contains(e.EventId)).Select(e => e.EventId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var fresh = prepared.Where(p => !stored.Contains(p.Event.EventId)).GroupBy(p => p.Event.EventId).Select(g => g.First()).ToList();
        var batch = new DigestBatch();
        batch.Events.AddRange(fresh);
        await AggregateWriter.InsertReleasesAsync(db, batch, ct);
        await EventWriter.InsertAsync(db, fresh, ct);
        var pairs = fresh.Select(p => (issue.Id, p.Event)).ToList();
        await AggregateWriter.UpsertTagsAsync(db, pairs, ct);
        await AggregateWriter.CountHoursAsync(db, pairs, ct);
        await AggregateWriter.CountUsersAsync(db, pairs, ct);
        await RegisterFingerprintsAsync(job, issue, prepared, ct);
        if (isNew)
            await BulkUpsert.ExecuteAsync(db, "INSERT INTO issue_features (issue_id, feature, project_id) VALUES", "ON CONFLICT (issue_id, feature) DO NOTHING", 3,
                SimilarityFeatures.Of(prepared[0].Event).Select(f => new object?[] { issue.Id, f, issue.ProjectId }).ToList(), ct);
        return fresh.Count;
    }

    /// <summary>
    /// Each distinct fingerprint of the imported events leads to the issue, unless it already
    /// leads to another (an issue BugSage already had, or another Sentry issue grouped the same
    /// way here): that one keeps it, and the notes say so.
    /// </summary>
    private async Task RegisterFingerprintsAsync(SentryImportJob job, Issue issue, List<PreparedEvent> prepared, CancellationToken ct)
    {
        var groupings = prepared.Select(p => p.Grouping).GroupBy(g => g.Hash).Select(g => g.First()).ToList();
        var hashes = groupings.Select(g => g.Hash).ToList();
        var taken = await db.IssueHashes.Where(h => h.ProjectId == issue.ProjectId && hashes.Contains(h.Hash)).ToDictionaryAsync(h => h.Hash, h => h.IssueId, ct);
        foreach (var grouping in groupings)
        {
            if (taken.TryGetValue(grouping.Hash, out var owner))
            {
                if (owner != issue.Id)
                    job.Note($"issue {issue.ShortNumber} ({issue.Title.Truncate(60)}): its events group like issue {owner} here; new events join that one");
                continue;
            }
            db.IssueHashes.Add(new IssueHash { ProjectId = issue.ProjectId, Hash = grouping.Hash, IssueId = issue.Id, Components = JsonSerializer.Serialize(grouping, GroupingJson.Options) });
        }
        await db.SaveChangesAsync(ct);
    }

    private static string Level(JsonObject sentry) =>
        SentryProjectImport.Str(sentry, "level") is "fatal" or "error" or "warning" or "info" or "debug" ? SentryProjectImport.Str(sentry, "level")! : "error";

    /// <summary>Sentry answers counts as strings ("count": "57") and numbers alike.</summary>
    private static long? Long(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) => n,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && long.TryParse(v.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };
}
