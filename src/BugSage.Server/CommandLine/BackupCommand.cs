using System.CommandLine;
using BugSage.Core.Data.Backups;

namespace BugSage.Server.CommandLine;

/// <summary><c>backup --to DIR [--with-key]</c>: a consistent copy of a running server's database and inbox (<see cref="DataBackup"/>).</summary>
public static class BackupCommand
{
    public static Command Create(TextWriter output)
    {
        var to = new Option<string>("--to") { Description = "A new or empty directory to write the backup to", Required = true };
        var withKey = new Option<bool>("--with-key") { Description = "Also copy the server key (keep such a backup as safe as the key itself)" };
        var command = new Command("backup", "Back up the SQLite database and the inbox while the server runs (PostgreSQL: prints pg_dump guidance)") { to, withKey };
        command.AcceptingConfiguration().SetAction(async (result, ct) =>
        {
            if (VerbHost.Configuration(result, out var configuration) is { } problem) return await Fail(output, problem);
            await using var app = VerbHost.Build(configuration);
            try
            {
                var summary = await app.Services.GetRequiredService<DataBackup>().CreateAsync(result.GetRequiredValue(to), result.GetValue(withKey), ct);
                await output.WriteLineAsync($"backup written to {summary.Directory}: database {summary.DatabaseBytes:N0} bytes, {summary.InboxSegments} inbox segment(s) {summary.InboxBytes:N0} bytes");
                await output.WriteLineAsync(summary.ServerKey
                    ? "  the server key is in it: store this backup as you would the key"
                    : "  the server key is not in it: back up secrets.key (or BUGSAGE_SECRETS_KEY) separately");
                return 0;
            }
            catch (BackupException e)
            {
                return await Fail(output, e.Message);
            }
        });
        return command;
    }

    internal static async Task<int> Fail(TextWriter output, string problem)
    {
        await output.WriteLineAsync(problem);
        return 1;
    }
}
