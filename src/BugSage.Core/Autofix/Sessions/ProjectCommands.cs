using System.Text.Json;
using BugSage.Core.Analysis.Source;

namespace BugSage.Core.Autofix.Sessions;

/// <summary>
/// How a repository is restored, built and tested: the commands configured on its link, else those
/// its own <c>bugsage.json</c> names at the revision being fixed. The file's documented keys are the
/// link's (<c>{"restoreCommand": "…", "buildCommand": "…", "testCommand": "…"}</c>, API.md); the short
/// <c>restore</c>/<c>build</c>/<c>test</c> are read too, because repositories linked before the
/// contract was written carry them. Where a file has both, the documented key wins.
/// A repository without a test command cannot prove a fix.
/// </summary>
public sealed record ProjectCommands(string? Build, string Test, string? Restore = null)
{
    public const string FileName = "bugsage.json";

    public static async Task<ProjectCommands?> ResolveAsync(LinkedRepository repository, string root, string revision, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(repository.TestCommand))
            return new ProjectCommands(Blank(repository.BuildCommand), repository.TestCommand, Blank(repository.RestoreCommand));
        var file = await Git.RunAsync(root, ["show", $"{revision}:{FileName}"], ct);
        if (file.ExitCode != 0) return null;
        try
        {
            using var json = JsonDocument.Parse(file.Output, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            string? ReadOne(string name) => json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Blank(value.GetString()) : null;
            string? Read(string name) => ReadOne(name + "Command") ?? ReadOne(name);
            return Read("test") is { } test
                ? new ProjectCommands(Blank(repository.BuildCommand) ?? Read("build"), test, Blank(repository.RestoreCommand) ?? Read("restore"))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
