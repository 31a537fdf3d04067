using System.CommandLine;
using BugSage.Core;
using BugSage.Server.Auth;
using BugSage.Server.Security;

namespace BugSage.Server.CommandLine;

/// <summary>The services a verb needs, configured as the server is; nothing is started.</summary>
public static class VerbHost
{
    /// <summary>
    /// Storage, the server key and the audit log from appsettings, the environment and the
    /// configuration arguments; <paramref name="add"/> registers what the verb needs besides.
    /// </summary>
    public static WebApplication Build(string[] configuration, Action<WebApplicationBuilder>? add = null)
    {
        var builder = WebApplication.CreateBuilder(configuration);
        // The verb's own lines are its output; the server's information logs (each SQL statement) would drown them.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddBugSageCore();
        builder.AddBugSageSecurity();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AuditLog>();
        add?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>
    /// The arguments the verb did not recognise, which must be configuration: <c>--Key=value</c> or
    /// <c>--Key value</c>. The problem with them, or null.
    /// </summary>
    public static string? Configuration(ParseResult result, out string[] configuration)
    {
        var tokens = result.UnmatchedTokens;
        configuration = [.. tokens];
        for (var i = 0; i < tokens.Count; i++)
        {
            var isValue = i > 0 && tokens[i - 1].StartsWith("--", StringComparison.Ordinal) && !tokens[i - 1].Contains('=', StringComparison.Ordinal);
            if (!tokens[i].StartsWith("--", StringComparison.Ordinal) && !isValue) return $"unknown argument: {tokens[i]}";
        }
        return null;
    }

    /// <summary>A verb that takes configuration besides its options.</summary>
    public static Command AcceptingConfiguration(this Command command)
    {
        command.TreatUnmatchedTokensAsErrors = false;
        return command;
    }
}
