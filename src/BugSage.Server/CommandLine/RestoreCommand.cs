using System.CommandLine;
using BugSage.Core.Data.Backups;

namespace BugSage.Server.CommandLine;

/// <summary><c>restore --from DIR</c>: puts a backup into a fresh data directory; the server started on it digests the restored inbox.</summary>
public static class RestoreCommand
{
    public static Command Create(TextWriter output)
    {
        var from = new Option<string>("--from") { Description = "A directory written by backup", Required = true };
        var command = new Command("restore", "Restore a backup into the configured data directory, which must be fresh; run it with the server stopped") { from };
        command.AcceptingConfiguration().SetAction(async (result, ct) =>
        {
            if (VerbHost.Configuration(result, out var configuration) is { } problem) return await BackupCommand.Fail(output, problem);
            await using var app = VerbHost.Build(configuration);
            try
            {
                var summary = await app.Services.GetRequiredService<DataBackup>().RestoreAsync(result.GetRequiredValue(from), ct);
                await output.WriteLineAsync($"restored into {summary.Directory}: database {summary.DatabaseBytes:N0} bytes, {summary.InboxSegments} inbox segment(s) to digest");
                await output.WriteLineAsync(summary.ServerKey
                    ? "  the server key came with the backup"
                    : "  put the server key back (secrets.key in the data directory, or BUGSAGE_SECRETS_KEY) before starting the server");
                return 0;
            }
            catch (BackupException e)
            {
                return await BackupCommand.Fail(output, e.Message);
            }
        });
        return command;
    }
}
