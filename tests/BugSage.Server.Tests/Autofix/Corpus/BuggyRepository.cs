using System.Diagnostics;
using System.Text.Json;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.Autofix.Corpus;

/// <summary>
/// One case of an autofix corpus (tests/datasets/buggy-repos, autofix-heldout, autofix-heldout-2): a
/// project with a production bug, its triggering run and held-out reference tests.
/// </summary>
public sealed record BuggyRepository(string Name, string Directory, string Language, string Bug, string Trigger, string Reference)
{
    public string Source => Path.Combine(Directory, "repo");

    /// <summary>Whether the project restores NuGet packages: it then needs a feed, named by the nuget.config its team commits.</summary>
    public bool RestoresNuGet
    {
        get
        {
            var commands = Path.Combine(Source, "bugsage.json");
            return File.Exists(commands) && File.ReadAllText(commands).Contains("dotnet restore", StringComparison.Ordinal);
        }
    }

    public static IReadOnlyList<BuggyRepository> All(string corpus = "buggy-repos")
    {
        var root = Datasets.Find(corpus);
        return [.. System.IO.Directory.GetDirectories(root).Order(StringComparer.Ordinal).Select(dir =>
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "case.json")));
            string Read(string name) => json.RootElement.GetProperty(name).GetString()!;
            return new BuggyRepository(Path.GetFileName(dir), dir, Read("language"), Read("bug"), Read("trigger"), Read("reference"));
        })];
    }

    /// <summary>Copies a folder's files (no build output) into another.</summary>
    public static void Copy(string from, string to)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
            var target = Path.Combine(to, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>Runs a shell command in a folder; answers its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string command, string directory)
    {
        var psi = new ProcessStartInfo("/bin/sh") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} ran past 3 minutes in {directory}");
        }
        return (process.ExitCode, await output + await error);
    }
}
