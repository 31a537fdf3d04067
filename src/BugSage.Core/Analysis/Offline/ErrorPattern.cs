using System.Text.RegularExpressions;

namespace BugSage.Core.Analysis.Offline;

/// <summary>
/// One entry of the offline engine's knowledge base: which errors it recognises (language,
/// exception types, a message pattern), what kind of bug they are, how to find the failing
/// expression on the culprit line, and the explanation and fix it writes.
/// </summary>
public sealed class ErrorPattern
{
    public required string Id { get; init; }
    public required IReadOnlyList<string> Languages { get; init; }

    /// <summary>Exception types, fully qualified or not; <c>*</c> matches any.</summary>
    public required IReadOnlyList<string> Types { get; init; }

    /// <summary>The message pattern as written in the knowledge base.</summary>
    public required string MessageSource { get; init; }

    private Regex? message;

    /// <summary>
    /// The message pattern, built on first use. A non-backtracking regex keeps its own automaton caches
    /// (about half a megabyte each, 44 MB for the whole base), so building all of them when the server
    /// starts cost every install that memory and 1.7 s of start-up; built here, only the patterns of the
    /// languages and exception types a team actually sends are ever paid for.
    /// </summary>
    public Regex Message => LazyInitializer.EnsureInitialized(ref message, () => KnowledgeBase.MessagePattern(MessageSource));

    /// <summary>Whether the message pattern's automaton has been built.</summary>
    internal bool MessageBuilt => Volatile.Read(ref message) is not null;

    /// <summary>Literals one of which every matching message contains (<see cref="RequiredText"/>); null when the pattern shows none.</summary>
    public IReadOnlyList<string>? RequiredLiterals { get; init; }

    /// <summary>
    /// Matches the message's first <see cref="UntrustedText.MaxMatchedLength"/> characters. A message without the
    /// pattern's literals is no match before the pattern's automaton is built, so a team pays the memory only for the
    /// patterns its errors actually come near.
    /// </summary>
    public Match MatchMessage(string message)
    {
        var text = message.Truncate(UntrustedText.MaxMatchedLength);
        return RequiredText.MayMatch(text, RequiredLiterals) ? UntrustedText.Match(Message, text) : System.Text.RegularExpressions.Match.Empty;
    }

    public required string Category { get; init; }

    /// <summary>How to find the failing expression: see <see cref="FailingExpression"/>.</summary>
    public required string Extract { get; init; }

    /// <summary>Templates over the message's named groups plus <c>{expression}</c>, <c>{argument}</c>, <c>{message}</c>.</summary>
    public required string Explanation { get; init; }
    public required string Fix { get; init; }
    public double Fixability { get; init; }
    public required string Severity { get; init; }

    /// <summary>Whether the message pattern says anything (a bare "." matches every message).</summary>
    public bool HasSpecificMessage => MessageSource != ".";

    public bool MatchesType(string? type)
    {
        if (type is null) return false;
        var shortType = type[(type.LastIndexOf('.') + 1)..];
        return Types.Any(t => t == "*" || t == type || t == shortType);
    }
}
