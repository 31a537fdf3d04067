using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Imports;

/// <summary>
/// Runs one import job to its end: the projects (with their DSN keys), then each project's
/// releases, then each project's issues with their latest events. One page of Sentry's answers
/// is written in one transaction with the job's new cursor and counts, so a crash or a failed
/// request loses at most the page in hand, and running the job again goes on from the next
/// page; what was already imported is found in <see cref="ImportMapping"/> and updated, never
/// copied twice. A Sentry refusal ends the job with the reason in <see cref="SentryImportJob.Error"/>.
/// </summary>
public sealed class SentryImporter(AppDbContext db, IHttpClientFactory clients, SecretProtector secrets, TimeProvider clock,
    SentryProjectImport projects, SentryIssueImport issues, IOptions<WorkerOptions> workers, ILogger<SentryImporter> logger)
{
    /// <param name="progress">Told after every page written (the CLI prints it).</param>
    public async Task RunAsync(long jobId, Action<SentryImportJob>? progress, CancellationToken ct)
    {
        var job = await db.SentryImportJobs.FirstAsync(j => j.Id == jobId, ct);
        if (job.Status is SentryImportStatus.Done or SentryImportStatus.Failed) return;
        if (secrets.Unprotect(job.TokenProtected) is not { } token)
        {
            await FinishAsync(job, SentryImportStatus.Failed, "The Sentry token cannot be decrypted with this server's key; start the import again with the token.", ct);
            return;
        }
        var client = new SentryClient(clients.CreateClient(SentryClient.ClientName), new Uri(job.SourceUrl.TrimEnd('/') + "/"), token);
        try
        {
            while (job.Stage != SentryImportStage.Done)
            {
                await StepAsync(job, client, ct);
                progress?.Invoke(job);
            }
            await FinishAsync(job, SentryImportStatus.Done, null, ct);
        }
        catch (SentryApiException e)
        {
            db.ChangeTracker.Clear();
            job = await db.SentryImportJobs.FirstAsync(j => j.Id == jobId, ct);
            logger.LogWarning("Sentry import {Job} stopped at {Stage}: {Error}", job.Id, job.Stage, e.Message);
            await FinishAsync(job, SentryImportStatus.Failed, e.Message, ct);
        }
        progress?.Invoke(job);
    }

    /// <summary>Reads and writes one page of the current stage, and moves the job past it.</summary>
    private async Task StepAsync(SentryImportJob job, SentryClient client, CancellationToken ct)
    {
        var org = Uri.EscapeDataString(job.SourceOrganization);
        switch (job.Stage)
        {
            case SentryImportStage.Projects:
            {
                var page = await client.PageAsync($"organizations/{org}/projects/", job.Cursor, ct);
                var keys = await projects.FetchKeysAsync(job, client, page, ct);
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await projects.ImportPageAsync(job, page, keys, ct);
                if (page.NextCursor is null)
                {
                    projects.NoteMissing(job);
                    Advance(job, SentryImportStage.Releases);
                }
                else job.Cursor = page.NextCursor;
                await SaveAsync(job, ct);
                await tx.CommitAsync(ct);
                break;
            }
            case SentryImportStage.Releases or SentryImportStage.Issues when job.ProjectPosition >= job.ProjectsToWalk.Count:
                Advance(job, job.Stage == SentryImportStage.Releases ? SentryImportStage.Issues : SentryImportStage.Done);
                await SaveAsync(job, ct);
                break;
            case SentryImportStage.Releases:
            {
                var (sentryId, slug) = ImportedProject.Parse(job.ProjectsToWalk[job.ProjectPosition]);
                var page = await client.PageAsync($"organizations/{org}/releases/?project={Uri.EscapeDataString(sentryId)}", job.Cursor, ct);
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                if (await projects.TargetAsync(job, slug, ct) is { } projectId)
                    job.ReleasesImported += await SentryReleaseImport.ImportPageAsync(db, projectId, page, ct);
                NextPage(job, page.NextCursor);
                await SaveAsync(job, ct);
                await tx.CommitAsync(ct);
                break;
            }
            case SentryImportStage.Issues:
            {
                var (_, slug) = ImportedProject.Parse(job.ProjectsToWalk[job.ProjectPosition]);
                var query = job.Since is { } since ? $"lastSeen:>={since:yyyy-MM-ddTHH:mm:ss}" : "";
                var page = await client.PageAsync($"projects/{org}/{Uri.EscapeDataString(slug)}/issues/?query={Uri.EscapeDataString(query)}&statsPeriod=", job.Cursor, ct);
                // Sentry is read before the transaction opens: a write transaction is not held across requests.
                var fetched = await issues.FetchEventsAsync(job, client, page, ct);
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                if (await projects.TargetAsync(job, slug, ct) is { } projectId)
                    await issues.ImportPageAsync(job, projectId, fetched, ct);
                NextPage(job, page.NextCursor);
                await SaveAsync(job, ct);
                await tx.CommitAsync(ct);
                break;
            }
            default:
                throw new InvalidOperationException($"Unknown import stage {job.Stage}");
        }
    }

    /// <summary>The next page of this project, or the first page of the next project.</summary>
    private static void NextPage(SentryImportJob job, string? next)
    {
        job.Cursor = next;
        if (next is null) job.ProjectPosition++;
    }

    private static void Advance(SentryImportJob job, string stage)
    {
        job.Stage = stage;
        job.ProjectPosition = 0;
        job.Cursor = null;
    }

    /// <summary>Saves the page with the job's progress; the lease is stretched too, so a long run is not taken for a dead one.</summary>
    private async Task SaveAsync(SentryImportJob job, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        job.UpdatedAt = now;
        if (job.LeaseOwner is not null) job.LeaseExpiresAt = now + workers.Value.Lease;
        await db.SaveChangesAsync(ct);
    }

    private async Task FinishAsync(SentryImportJob job, string status, string? error, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        job.Status = status;
        job.Error = error?.Truncate(2000);
        job.FinishedAt = now;
        job.UpdatedAt = now;
        job.LeaseOwner = null;
        job.LeaseExpiresAt = null;
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>A project the later stages walk: Sentry's numeric id (releases are listed by it) and its slug.</summary>
internal static class ImportedProject
{
    public static string Format(string sentryId, string slug) => $"{sentryId}:{slug}";

    public static (string SentryId, string Slug) Parse(string entry)
    {
        var colon = entry.IndexOf(':');
        return colon < 0 ? (entry, entry) : (entry[..colon], entry[(colon + 1)..]);
    }
}
