using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Alerts;
using BugSage.Core.Data;
using BugSage.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Imports;

/// <summary>
/// Imports Sentry projects with their slug, name and platform, and their DSN public keys as
/// BugSage keys, so an SDK keeps its key. A slug already taken by a project this import did not
/// make, or a key already used by another project (of any organization), is skipped with the
/// reason in the job's notes: an import never takes over what someone else has.
/// </summary>
public sealed class SentryProjectImport(AppDbContext db, TimeProvider clock, DefaultAlertRules alertRules, Ingestion.ProjectKeyCache keyCache)
{
    /// <summary>Each wanted project's keys, read before the page's transaction opens.</summary>
    public async Task<Dictionary<string, List<JsonObject>>> FetchKeysAsync(SentryImportJob job, SentryClient client, SentryPage page, CancellationToken ct)
    {
        var keys = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        foreach (var project in Wanted(job, page))
        {
            var slug = Str(project, "slug")!;
            var all = new List<JsonObject>();
            string? cursor = null;
            do
            {
                var keyPage = await client.PageAsync($"projects/{Uri.EscapeDataString(job.SourceOrganization)}/{Uri.EscapeDataString(slug)}/keys/", cursor, ct);
                all.AddRange(keyPage.Items.OfType<JsonObject>());
                cursor = keyPage.NextCursor;
            } while (cursor is not null && all.Count < 1000);
            keys[slug] = all;
        }
        return keys;
    }

    public async Task ImportPageAsync(SentryImportJob job, SentryPage page, Dictionary<string, List<JsonObject>> keys, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var sentry in Wanted(job, page))
        {
            var slug = Str(sentry, "slug")!;
            var project = await ProjectAsync(job, sentry, now, ct);
            if (project is null) continue;
            var walked = job.ProjectsToWalk.ToList();
            if (!walked.Any(w => ImportedProject.Parse(w).Slug == slug))
            {
                walked.Add(ImportedProject.Format(Str(sentry, "id") ?? slug, slug));
                job.ImportedProjects = string.Join(",", walked);
            }
            var number = long.TryParse(Str(sentry, "id"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : (long?)null;
            await ImportKeysAsync(job, project, number, keys.GetValueOrDefault(slug) ?? [], now, ct);
        }
    }

    /// <summary>The BugSage project a Sentry project became, if it was imported (and still exists).</summary>
    public async Task<long?> TargetAsync(SentryImportJob job, string slug, CancellationToken ct)
    {
        var id = await MappedAsync(job, ImportMappingKind.Project, slug, ct);
        return id is { } projectId && await db.Projects.AnyAsync(p => p.Id == projectId && p.OrganizationId == job.OrganizationId, ct) ? projectId : null;
    }

    /// <summary>Names the projects asked for that Sentry does not have.</summary>
    public void NoteMissing(SentryImportJob job)
    {
        var found = job.ProjectsToWalk.Select(p => ImportedProject.Parse(p).Slug).ToHashSet(StringComparer.Ordinal);
        foreach (var wanted in job.RequestedProjects ?? [])
            if (!found.Contains(wanted) && !(job.Notes ?? "").Contains($"project {wanted}:", StringComparison.Ordinal))
                job.Note($"project {wanted}: not found in Sentry (or not importable); nothing imported for it");
    }

    private static IEnumerable<JsonObject> Wanted(SentryImportJob job, SentryPage page)
    {
        var requested = job.RequestedProjects;
        return page.Items.OfType<JsonObject>().Where(p => Str(p, "slug") is { Length: > 0 } slug && (requested is null || requested.Contains(slug)));
    }

    /// <summary>The project this import made for <paramref name="sentry"/> before, or a new one; null when the slug is someone else's.</summary>
    private async Task<Project?> ProjectAsync(SentryImportJob job, JsonObject sentry, DateTime now, CancellationToken ct)
    {
        var slug = Str(sentry, "slug")!;
        if (await MappedAsync(job, ImportMappingKind.Project, slug, ct) is { } mapped
            && await db.Projects.FirstOrDefaultAsync(p => p.Id == mapped && p.OrganizationId == job.OrganizationId, ct) is { } existing)
            return existing;
        var bugSageSlug = Slugs.From(slug, 64);
        if (bugSageSlug != slug || slug.Length > 64)
        {
            Skip(job, slug, "its slug is not one BugSage can keep (lower-case letters, digits and dashes, up to 64)");
            return null;
        }
        if (await db.Projects.AnyAsync(p => p.OrganizationId == job.OrganizationId && p.Slug == slug, ct))
        {
            Skip(job, slug, "a BugSage project with this slug already exists in the organization; rename one of them and resume to import it");
            return null;
        }
        var project = new Project
        {
            OrganizationId = job.OrganizationId, Slug = slug, Name = (Str(sentry, "name") ?? slug).Truncate(200), Platform = Str(sentry, "platform")?.Truncate(64), CreatedAt = now,
        };
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
        await MapAsync(job, ImportMappingKind.Project, slug, project.Id, ct);
        alertRules.AddTo(db, project, now);
        job.ProjectsImported++;
        return project;
    }

    private async Task ImportKeysAsync(SentryImportJob job, Project project, long? sentryProjectId, List<JsonObject> keys, DateTime now, CancellationToken ct)
    {
        foreach (var key in keys)
        {
            if (Str(key, "public") is not { } publicKey) continue;
            if (publicKey.Length is 0 or > 64 || !publicKey.All(char.IsAsciiLetterOrDigit))
            {
                job.Note($"project {project.Slug}: a key that is not a DSN public key was left out");
                continue;
            }
            var owner = await db.ProjectKeys.Where(k => k.PublicKey == publicKey).Select(k => (long?)k.ProjectId).FirstOrDefaultAsync(ct);
            if (owner == project.Id) continue;
            if (owner is not null)
            {
                // Which project holds it is not said: it may be another tenant's.
                job.Note($"project {project.Slug}: key {publicKey[..Math.Min(8, publicKey.Length)]}… is already used by another BugSage project; not imported");
                continue;
            }
            db.ProjectKeys.Add(new ProjectKey
            {
                ProjectId = project.Id, PublicKey = publicKey, Label = (Str(key, "name") ?? "Imported from Sentry").Truncate(200), SentryProjectId = sentryProjectId,
                IsActive = key["isActive"] is not JsonValue active || active.GetValueKind() != JsonValueKind.False, CreatedAt = now,
            });
            job.KeysImported++;
        }
        await db.SaveChangesAsync(ct);
        // SDKs may already send with these keys (they were Sentry's): forget the "unknown key" answers kept for them.
        foreach (var added in db.ChangeTracker.Entries<ProjectKey>().Where(e => e.Entity.ProjectId == project.Id).Select(e => e.Entity.PublicKey).ToList())
            await keyCache.ForgetAsync(added);
        // A project whose keys all belong elsewhere still needs one for its SDKs.
        if (!await db.ProjectKeys.AnyAsync(k => k.ProjectId == project.Id, ct))
        {
            db.ProjectKeys.Add(new ProjectKey { ProjectId = project.Id, PublicKey = ProjectKeys.NewPublicKey(), CreatedAt = now });
            await db.SaveChangesAsync(ct);
        }
    }

    private static void Skip(SentryImportJob job, string slug, string reason)
    {
        if ((job.Notes ?? "").Contains($"project {slug}: skipped", StringComparison.Ordinal)) return;
        job.ProjectsSkipped++;
        job.Note($"project {slug}: skipped: {reason}");
    }

    internal Task<long?> MappedAsync(SentryImportJob job, string kind, string sentryId, CancellationToken ct) =>
        db.ImportMappings.Where(m => m.OrganizationId == job.OrganizationId && m.Source == job.SourceKey && m.Kind == kind && m.SentryId == sentryId)
            .Select(m => (long?)m.TargetId).FirstOrDefaultAsync(ct);

    /// <summary>Remembers (or re-points, when its target was deleted) what a Sentry id became.</summary>
    internal async Task MapAsync(SentryImportJob job, string kind, string sentryId, long targetId, CancellationToken ct)
    {
        var source = job.SourceKey;
        var mapping = await db.ImportMappings.FirstOrDefaultAsync(m => m.OrganizationId == job.OrganizationId && m.Source == source && m.Kind == kind && m.SentryId == sentryId, ct);
        if (mapping is null)
            db.ImportMappings.Add(new ImportMapping { OrganizationId = job.OrganizationId, Source = source, Kind = kind, SentryId = sentryId, TargetId = targetId });
        else mapping.TargetId = targetId;
        await db.SaveChangesAsync(ct);
    }

    internal static string? Str(JsonObject o, string key) => o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
