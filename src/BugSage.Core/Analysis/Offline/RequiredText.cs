using System.Text;
using System.Text.RegularExpressions;

namespace BugSage.Core.Analysis.Offline;

/// <summary>
/// The literal text a message pattern cannot match without, read from the pattern's source. A knowledge-base pattern runs
/// on the non-backtracking engine, whose automaton costs half a megabyte to a megabyte and a half to build; most messages
/// lack the words a pattern is about, and one <c>IndexOf</c> says so without building or running it. The reading is
/// conservative: text inside groups, classes or under a quantifier is never required, and a pattern whose text says
/// nothing certain (syntax outside the plain subset it reads, a branch without a literal) gets no prefilter at all.
/// </summary>
public static partial class RequiredText
{
    /// <summary>Shorter literals rule out too little to be worth a look.</summary>
    private const int MinLength = 3;

    /// <summary>
    /// Longer patterns get no prefilter: unwrapping nested groups rescans the pattern once per level, and the knowledge
    /// base's patterns are all under 200 characters.
    /// </summary>
    private const int MaxPatternLength = 1000;

    /// <summary>
    /// The one character that the regex engine's case-insensitive, culture-invariant matching takes for an ASCII letter:
    /// the Kelvin sign, matched as <c>k</c>. A text holding it is looked at with it read as <c>k</c>, so that an ordinal
    /// comparison sees what the engine sees. <c>RequiredTextTests</c> derives this from the engine over every character.
    /// </summary>
    internal const char KelvinSign = '\u212A';

    /// <summary>
    /// Literals one of which (ASCII, compared ignoring case) is in every text the pattern matches; null when the pattern
    /// does not show such text.
    /// </summary>
    public static IReadOnlyList<string>? Of(string pattern)
    {
        if (pattern.Length > MaxPatternLength || !IsPlain(pattern)) return null;
        var body = Unwrapped(pattern);
        var literals = new List<string>();
        foreach (var branch in TopLevelBranches(body))
        {
            var longest = LongestLiteral(branch);
            if (longest is null || longest.Length < MinLength || !Ascii.IsValid(longest)) return null;
            literals.Add(longest);
        }
        return literals.Count == 0 ? null : literals;
    }

    /// <summary>False only when the text cannot match: none of the literals is in it.</summary>
    public static bool MayMatch(ReadOnlySpan<char> text, IReadOnlyList<string>? literals)
    {
        if (literals is null) return true;
        if (text.Contains(KelvinSign)) text = text.ToString().Replace(KelvinSign, 'k');
        foreach (var literal in literals)
            if (text.Contains(literal, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>Escapes that stand for one literal character wherever they appear.</summary>
    private const string EscapedLiterals = @".()[]{}|\?*+^$-/ ""#:=!,@%&~;";

    /// <summary>Escapes that stand for a class of characters or a position (<c>\d</c>, <c>\b</c>, <c>\A</c>, ...).</summary>
    private const string EscapedClasses = "dDwWsSbBAzZGntrfve";

    /// <summary>
    /// Whether the pattern keeps to the syntax this reader understands: characters, the escapes above, classes without
    /// subtraction, plain, non-capturing, named and lookaround groups, <c>*</c> <c>+</c> <c>?</c> and <c>{n}</c>
    /// <c>{n,}</c> <c>{n,m}</c> quantifiers (lazy or not), <c>|</c> <c>.</c> <c>^</c> <c>$</c>, parentheses that balance.
    /// Anything else (comments, inline options, conditionals, atomic groups, back-references in any spelling, control and
    /// code escapes, a <c>{</c> that is a literal) and the pattern gets no prefilter: a construct read wrongly could make
    /// optional text look required.
    /// </summary>
    private static bool IsPlain(string pattern)
    {
        bool PlainEscape(int at) => at < pattern.Length && (EscapedLiterals.Contains(pattern[at]) || EscapedClasses.Contains(pattern[at]));
        var depth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    if (!PlainEscape(++i)) return false;
                    break;
                case '[':
                    var end = ClassEnd(pattern, i);
                    if (end < 0) return false;
                    for (var j = i + 1; j < end; j++)
                    {
                        if (pattern[j] == '[') return false; // subtraction, or a '[' this reader would rather not judge
                        if (pattern[j] == '\\' && !PlainEscape(++j)) return false;
                    }
                    i = end;
                    break;
                case '(':
                    if (i + 1 < pattern.Length && pattern[i + 1] == '?' && !GroupOpening().IsMatch(pattern.AsSpan(i))) return false;
                    depth++;
                    break;
                case ')':
                    if (--depth < 0) return false;
                    break;
                case '{':
                    if (!Quantifier().IsMatch(pattern.AsSpan(i))) return false;
                    i = pattern.IndexOf('}', i);
                    break;
                case '}':
                    return false;
            }
        }
        return depth == 0;
    }

    [GeneratedRegex(@"^\(\?(?::|=|!|<=|<!|<[A-Za-z_][A-Za-z0-9_]*>)")]
    private static partial Regex GroupOpening();

    [GeneratedRegex(@"^\{[0-9]+(?:,[0-9]*)?\}")]
    private static partial Regex Quantifier();

    /// <summary>A pattern that is one group and nothing else (no quantifier after it) stands for the group's content.</summary>
    private static string Unwrapped(string pattern)
    {
        while (pattern.Length > 0 && pattern[0] == '(' && GroupEnd(pattern, 0) == pattern.Length - 1)
        {
            var content = 1;
            if (pattern.StartsWith("(?:", StringComparison.Ordinal)) content = 3;
            else if (pattern.StartsWith("(?<", StringComparison.Ordinal) && pattern.Length > 3 && pattern[3] is not ('=' or '!'))
                content = pattern.IndexOf('>') + 1;
            else if (pattern.StartsWith("(?", StringComparison.Ordinal)) return pattern; // lookarounds and other constructs
            pattern = pattern[content..^1];
        }
        return pattern;
    }

    /// <summary>The pattern split at its top-level <c>|</c>.</summary>
    private static List<string> TopLevelBranches(string pattern)
    {
        var branches = new List<string>();
        var start = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\': i++; break;
                case '(': i = GroupEnd(pattern, i); break;
                case '[': i = ClassEnd(pattern, i); break;
                case '|': branches.Add(pattern[start..i]); start = i + 1; break;
            }
        }
        branches.Add(pattern[start..]);
        return branches;
    }

    /// <summary>The longest run of characters the branch matches literally, outside groups, classes and quantifiers.</summary>
    private static string? LongestLiteral(string branch)
    {
        string? longest = null;
        var run = new StringBuilder();
        void EndRun()
        {
            if (run.Length > (longest?.Length ?? 0)) longest = run.ToString();
            run.Clear();
        }
        for (var i = 0; i < branch.Length; i++)
        {
            var c = branch[i];
            var literal = false;
            if (c == '\\')
            {
                // IsPlain let through only single-character escapes: a letter is a class or an anchor (\d, \w, \s, \b,
                // \n, ...) and ends the run; anything else stands for itself.
                var escaped = branch[++i];
                if (char.IsAsciiLetter(escaped)) EndRun();
                else { run.Append(escaped); literal = true; }
            }
            else if (c == '(') { EndRun(); i = GroupEnd(branch, i); }
            else if (c == '[') { EndRun(); i = ClassEnd(branch, i); }
            else if (c is '.' or '^' or '$') EndRun();
            else if (c is '*' or '+' or '?' or '{' or ')' or ']' or '}' or '|') return null; // quantifiers are read below; the rest is not a literal here
            else { run.Append(c); literal = true; }

            // A quantifier makes what it follows optional or repeated: a character it follows leaves the run, and the run ends.
            if (i + 1 < branch.Length && branch[i + 1] is '*' or '+' or '?' or '{')
            {
                if (literal) run.Length--;
                EndRun();
                i = QuantifierEnd(branch, i + 1);
            }
        }
        EndRun();
        return longest;
    }

    /// <summary>The index of the quantifier's last character, its lazy <c>?</c> included (IsPlain checked every <c>{…}</c>).</summary>
    private static int QuantifierEnd(string pattern, int at)
    {
        var i = pattern[at] == '{' ? pattern.IndexOf('}', at) : at;
        return i + 1 < pattern.Length && pattern[i + 1] == '?' ? i + 1 : i;
    }

    /// <summary>The index of the <c>)</c> closing the group opened at <paramref name="open"/>.</summary>
    private static int GroupEnd(string pattern, int open)
    {
        var depth = 0;
        for (var i = open; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\': i++; break;
                case '[': i = ClassEnd(pattern, i); break;
                case '(': depth++; break;
                case ')':
                    if (--depth == 0) return i;
                    break;
            }
        }
        return pattern.Length - 1;
    }

    /// <summary>
    /// The index of the <c>]</c> closing the class opened at <paramref name="open"/> (a <c>]</c> first in it is itself), or
    /// -1 when none does (IsPlain refuses such a pattern, so the readers after it never see -1).
    /// </summary>
    private static int ClassEnd(string pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] == '^') i++;
        if (i < pattern.Length && pattern[i] == ']') i++;
        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\') { i++; continue; }
            if (pattern[i] == ']') return i;
        }
        return -1;
    }
}
