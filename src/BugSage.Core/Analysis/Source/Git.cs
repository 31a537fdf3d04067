using System.Diagnostics;
using System.Text;

namespace BugSage.Core.Analysis.Source;

/// <summary>Runs git with an argument list (never a shell), a time limit and no prompts.</summary>
public static class Git
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <param name="environment">Extra variables, for what must not appear in the process's arguments (a push credential).</param>
    public static async Task<Result> RunAsync(string workingDirectory, IEnumerable<string> arguments, CancellationToken ct, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        // Never wait for credentials or an editor; never read the user's global configuration.
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        psi.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        psi.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        psi.Environment["GIT_ASKPASS"] = "true";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("git did not start");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var error = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (ct.IsCancellationRequested) throw;
            throw new TimeoutException($"git {string.Join(' ', psi.ArgumentList.Take(2))} ran past its time limit");
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
