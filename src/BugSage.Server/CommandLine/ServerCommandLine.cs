using System.CommandLine;
using BugSage.Server.Imports;

namespace BugSage.Server.CommandLine;

/// <summary>
/// The executable's verbs (<c>backup</c>, <c>restore</c>, <c>migrate</c>, <c>create-admin</c>,
/// <c>reset-password</c>, <c>import</c>, <c>rebuild-rollups</c>), run instead of the server when the first argument names
/// one. Each runs in this process against the configured data and exits 0 on success, 1 otherwise.
/// Arguments a verb does not know are configuration, as for the server (<c>--BugSage:DataDirectory=…</c>).
/// </summary>
public static class ServerCommandLine
{
    private static readonly string[] Verbs = ["backup", "restore", "migrate", "create-admin", "reset-password", "import", "rebuild-rollups", "--help", "-h", "-?"];

    public static bool Matches(string[] args) => VerbFirst(args) is [var first, ..] && Verbs.Contains(first, StringComparer.Ordinal);

    public static Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct = default)
    {
        args = VerbFirst(args);
        var root = new RootCommand("BugSage, a self-hosted error tracker. Without a verb it runs the server (--urls, --BugSage:Key=value).")
        {
            BackupCommand.Create(output),
            RestoreCommand.Create(output),
            MigrateCommand.Create(output),
            AccountCommands.CreateAdmin(output),
            AccountCommands.ResetPassword(output),
            ImportCommand.Create(output),
            RebuildRollupsCommand.Create(output),
        };
        // A token starting with @ is a value (a password may), never a file of more arguments.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        return parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, ct);
    }

    /// <summary>
    /// <c>dotnet run</c> puts the project's <c>--contentRoot</c> (BugSage.Server.csproj) before the
    /// caller's arguments: the verb goes first, the content root stays configuration for the verb.
    /// </summary>
    private static string[] VerbFirst(string[] args) =>
        args is ["--contentRoot", var root, .. var rest] && rest.Length > 0 ? [.. rest, "--contentRoot", root] : args;
}
