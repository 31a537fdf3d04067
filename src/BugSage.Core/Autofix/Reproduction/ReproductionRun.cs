using System.Text.Json;

namespace BugSage.Core.Autofix.Reproduction;

/// <summary>What a reproduction caught: the exception type and the innermost frame's function and repository path.</summary>
public sealed record ObservedFailure(string? ExceptionType, string? Function, string? Path);

/// <summary>
/// One run of a reproduction in the sandbox. A test that fails prints one <see cref="Marker"/> line
/// with what it caught before it fails; one that passes prints none, and its harness then writes
/// <see cref="PassedMarker"/> with the run's nonce as the run's last line.
/// </summary>
public sealed record ReproductionRun(int ExitCode, ObservedFailure? Observed, string Output)
{
    public const string Marker = "BUGSAGE-REPRODUCTION ";

    /// <summary>
    /// What the harness writes, then the nonce, once the call returned and the test passed. An exit code of 0 alone
    /// is not a pass: patched code that ends the process early (<c>os._exit(0)</c>, <c>process.exit(0)</c>) gives one.
    /// </summary>
    public const string PassedMarker = "BUGSAGE-REPRODUCTION-PASSED ";

    /// <summary>The variable that carries a run's nonce to the harness: a fresh one per run, so no printed constant stands in for it.</summary>
    public const string NonceVariable = "BUGSAGE_REPRODUCTION_NONCE";

    /// <summary>The run's last line was the harness's <see cref="PassedMarker"/> with this run's nonce.</summary>
    public bool Returned { get; init; }

    /// <summary>How much of a run's output the session keeps: the end, where the failure is.</summary>
    public const int OutputExcerptChars = 4_000;

    /// <summary>The call returned: no exception reached the test, the test command succeeded, and the harness said so last.</summary>
    public bool Passed => ExitCode == 0 && Observed is null && Returned;

    /// <param name="nonce">The nonce this run was given in <see cref="NonceVariable"/>.</param>
    public static ReproductionRun Read(int exitCode, string output, string nonce)
    {
        var last = output.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim();
        var returned = nonce.Length > 0 && last == PassedMarker + nonce;
        ObservedFailure? observed = null;
        foreach (var line in output.Split('\n'))
        {
            var at = line.IndexOf(Marker, StringComparison.Ordinal);
            if (at < 0) continue;
            try
            {
                using var json = JsonDocument.Parse(line[(at + Marker.Length)..].Trim());
                string? Read(string name) => json.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                observed = new ObservedFailure(Read("type"), Read("function"), Read("file"));
            }
            catch (JsonException)
            {
                // The test's own line cut by the output cap, or text that only looks like it: nothing was read.
            }
        }
        return new ReproductionRun(exitCode, observed, Excerpt(output)) { Returned = returned };
    }

    /// <summary>Null when the run failed as the crash did (same exception type, same function in the same file), else what differed.</summary>
    public string? Mismatch(ExpectedFailure expected)
    {
        if (Passed) return "it passed on the unpatched revision: the call did not fail";
        // A failing test exits non-zero; a marker line in a run that succeeded was printed by something else (the code under test can print anything).
        if (ExitCode == 0) return Observed is null
            ? "it exited 0 without the harness's last line, so the call never returned to the test"
            : "it exited 0 though a failure line was printed, so nothing was caught";
        if (Observed is not { } seen) return $"it failed without reaching the call (exit code {ExitCode}), so no exception was caught";
        if (!string.Equals(seen.ExceptionType, expected.ExceptionType, StringComparison.Ordinal))
            return $"it raised {seen.ExceptionType} where the crash raised {expected.ExceptionType}";
        if (FunctionName(seen.Function) != FunctionName(expected.Function) || !string.Equals(seen.Path, expected.Path, StringComparison.Ordinal))
            return $"it failed in {seen.Function} ({seen.Path}) where the crash failed in {expected.Function} ({expected.Path})";
        return null;
    }

    /// <summary>
    /// A function's own name as both runtimes and SDKs print it: V8 adds the receiver (<c>Object.load</c>),
    /// an alias (<c>main [as _onTimeout]</c>) or <c>async</c>.
    /// </summary>
    public static string FunctionName(string? function)
    {
        var name = (function ?? "").Trim();
        if (name.StartsWith("async ", StringComparison.Ordinal)) name = name["async ".Length..];
        if (name.IndexOf(" [as ", StringComparison.Ordinal) is var alias and > 0) name = name[..alias];
        return name.LastIndexOf('.') is var dot and >= 0 && dot < name.Length - 1 ? name[(dot + 1)..] : name;
    }

    private static string Excerpt(string output) => output.Length <= OutputExcerptChars ? output : "[…]\n" + output[^OutputExcerptChars..];
}
