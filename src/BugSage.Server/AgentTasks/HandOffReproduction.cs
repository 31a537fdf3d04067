using System.Text.RegularExpressions;
using BugSage.Core;
using BugSage.Core.Scrubbing;

namespace BugSage.Server.AgentTasks;

/// <summary>
/// Readies the reproduction test for leaving the product in a task document. Its test holds the values of the crash
/// frame's local variables, which ingestion scrubbed by key name only (a local is named by the application, not by a
/// rule), so every value is searched again for secret-looking shapes (<see cref="SecretValues"/>), each string value is
/// bounded, and so is the whole test. What an agent gets may then differ from what BugSage runs; validation runs its own copy.
/// </summary>
internal static partial class HandOffReproduction
{
    /// <summary>A string value longer than this is replaced by a note of its length.</summary>
    public const int MaxValueLength = 500;

    /// <summary>A test longer than this (after the per-value bound) is left out of the document.</summary>
    public const int MaxContentLength = 16_000;

    [GeneratedRegex("""
        "(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*'
        """, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex StringLiteral();

    /// <summary>The reproduction as it may be handed on, or null when even bounded it is too long to.</summary>
    public static TaskReproduction? Prepare(TaskReproduction reproduction)
    {
        string content;
        try
        {
            content = StringLiteral().Replace(reproduction.Content, m => m.Length - 2 > MaxValueLength
                ? $"{m.Value[0]}[Filtered: {m.Length - 2} characters]{m.Value[0]}" : m.Value);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
        content = SecretValues.Redact(content);
        if (content.Length > MaxContentLength || content == PiiScrubber.Filtered) return null;
        return reproduction with
        {
            Content = content,
            Drives = reproduction.Drives is { } drives ? SecretValues.Redact(drives).Truncate(TaskDocumentBuilder.ShortText) : null,
        };
    }
}
