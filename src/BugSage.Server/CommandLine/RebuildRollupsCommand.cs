using System.CommandLine;
using BugSage.Core.Analytics;
using BugSage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.CommandLine;

/// <summary>
/// <c>rebuild-rollups</c>: recomputes the analytics rollups from raw data, for every project or one, after an
/// upgrade that added them (a backfill), a restore, or an import that wrote events past the digest.
/// </summary>
public static class RebuildRollupsCommand
{
    public static Command Create(TextWriter output)
    {
        var project = new Option<long?>("--project") { Description = "Only this project id (default: every project)" };
        var from = new Option<DateTime?>("--from") { Description = "Recount from this UTC hour even where retention purged the events (default: the hours stored events still cover)" };
        var to = new Option<DateTime?>("--to") { Description = "Recount up to this UTC hour (default: past the newest event)" };
        var command = new Command("rebuild-rollups", "Recompute the analytics rollups from stored events, issues and their history") { project, from, to };
        command.AcceptingConfiguration().SetAction(async (result, ct) =>
        {
            if (VerbHost.Configuration(result, out var configuration) is { } problem) return await BackupCommand.Fail(output, problem);
            await using var app = VerbHost.Build(configuration);
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await DatabaseMigrator.MigrateAsync(db, ct);
            var only = result.GetValue(project);
            DateTime? start = result.GetValue(from) is { } f ? Utc(f) : null;
            DateTime? end = result.GetValue(to) is { } t ? Utc(t) : null;
            if (start >= end) return await BackupCommand.Fail(output, "--from must be before --to");
            var ids = await db.Projects.AsNoTracking().Where(p => only == null || p.Id == only).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
            if (only is { } missing && ids.Count == 0) return await BackupCommand.Fail(output, $"no project {missing}");
            var rebuilder = scope.ServiceProvider.GetRequiredService<RollupRebuilder>();
            foreach (var id in ids)
            {
                var recounted = await rebuilder.RebuildAsync(id, ct, start, end);
                await output.WriteLineAsync(recounted is (var first, var last)
                    ? $"project {id}: rebuilt; event rollups recounted from {first:yyyy-MM-dd HH:00} to {last:yyyy-MM-dd HH:00} UTC"
                    : $"project {id}: rebuilt; no stored events, event rollups kept");
            }
            return 0;
        });
        return command;
    }

    /// <summary>A time given without a zone is UTC, as everything BugSage stores.</summary>
    private static DateTime Utc(DateTime at) => at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime();
}
