using System.CommandLine;
using BugSage.Core.Data;
using BugSage.Server.Operations;
using BugSage.Server.ServerAdmins;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.CommandLine;

/// <summary>
/// <c>create-admin --email --password</c> and <c>reset-password --email [--password]</c>: the
/// operator's way back in (<see cref="OperatorAccountOperations"/>). The database is migrated first,
/// so either works on a server that has never started.
/// </summary>
public static class AccountCommands
{
    public static Command CreateAdmin(TextWriter output)
    {
        var email = new Option<string>("--email") { Description = "The account's email address", Required = true };
        var password = new Option<string>("--password") { Description = "Its password, for a new account (at least 10 characters)", Required = true };
        var command = new Command("create-admin", "Make an account a server admin, creating it when it does not exist") { email, password };
        command.AcceptingConfiguration().SetAction((result, ct) => RunAsync(result, output,
            (accounts, c) => accounts.CreateAdminAsOperatorAsync(result.GetRequiredValue(email), result.GetRequiredValue(password), c), ct));
        return command;
    }

    public static Command ResetPassword(TextWriter output)
    {
        var email = new Option<string>("--email") { Description = "The account's email address", Required = true };
        var password = new Option<string>("--password") { Description = "The new password; without it one is generated and printed once" };
        var command = new Command("reset-password", "Set an account's password, lift its lockout and end all its sessions") { email, password };
        command.AcceptingConfiguration().SetAction((result, ct) => RunAsync(result, output,
            (accounts, c) => accounts.ResetPasswordAsOperatorAsync(result.GetRequiredValue(email), result.GetValue(password), c), ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, TextWriter output,
        Func<OperatorAccountOperations, CancellationToken, Task<OperationResult<OperatorAccountResult>>> run, CancellationToken ct)
    {
        if (VerbHost.Configuration(result, out var configuration) is { } problem) return await BackupCommand.Fail(output, problem);
        await using var app = VerbHost.Build(configuration, builder => builder.Services.AddScoped<OperatorAccountOperations>());
        await using var scope = app.Services.CreateAsyncScope();
        await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), ct);
        var done = await run(scope.ServiceProvider.GetRequiredService<OperatorAccountOperations>(), ct);
        if (done.Value is not { } account)
        {
            var problems = done.Errors?.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}") ?? [];
            return await BackupCommand.Fail(output, $"refused: {string.Join("; ", problems.Append(done.Title ?? "").Where(p => p.Length > 0))}");
        }
        await output.WriteLineAsync($"{account.Email}: {account.Outcome}");
        if (account.Password is { } generated) await output.WriteLineAsync($"  new password (shown only this once): {generated}");
        return 0;
    }
}
