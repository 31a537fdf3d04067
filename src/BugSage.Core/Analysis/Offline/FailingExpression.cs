using System.Text.RegularExpressions;

namespace BugSage.Core.Analysis.Offline;

/// <summary>
/// Reads the culprit source line to name the exact expression that failed: the receiver of a
/// property read on undefined, the subscript of a missing key, the divisor, the parsed argument.
/// Lines are read as text, so the reading is careful: it answers null rather than guess.
/// </summary>
public static partial class FailingExpression
{
    [GeneratedRegex(@"[\w$\]\)]\??\.[A-Za-z_$]", RegexOptions.None, matchTimeoutMilliseconds: 500)]
    private static partial Regex MemberAccess();

    [GeneratedRegex(@"(?<![/*/])\s*[/%]\s*(?![/*=])", RegexOptions.None, matchTimeoutMilliseconds: 500)]
    private static partial Regex Division();

    /// <param name="Candidates">When the error does not say which receiver was null: every receiver
    /// the line dereferences in its first chain (<c>order</c>, <c>order.Customer</c>, …), outermost first.</param>
    public sealed record Found(string Expression, string? Argument = null, IReadOnlyList<string>? Candidates = null);

    /// <summary>The longest source line read: longer ones are minified bundles, and every scan here is at least linear.</summary>
    public const int MaxLineLength = 2048;

    /// <summary>A fence on wall-clock time over lines of at most <see cref="MaxLineLength"/> characters, wide enough that a busy machine does not turn a match into none.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(500);

    public static Found? Find(string extract, string? line, IReadOnlyDictionary<string, string> groups)
    {
        var kind = extract.Split(':')[0];
        var names = extract.Contains(':', StringComparison.Ordinal) ? extract[(extract.IndexOf(':', StringComparison.Ordinal) + 1)..].Split('|') : [];
        if (kind is "from-message" or "receiver-from-message")
            return groups.TryGetValue("expression", out var fromMessage) && fromMessage.Length > 0 ? new Found(fromMessage) : null;
        if (string.IsNullOrWhiteSpace(line)) return null;
        line = line.Truncate(MaxLineLength);
        return kind switch
        {
            "member-access" => groups.TryGetValue("member", out var member) && member.Length > 0 ? MemberReceiver(line, member) : AnyReceiver(line),
            "member-access-any" => AnyReceiver(line),
            "subscript-key" => (groups.TryGetValue("key", out var key) && key.Length > 0 ? KeySubscript(line, key) : null) ?? FirstSubscript(line),
            "subscript" => FirstSubscript(line),
            "divisor" => Divisor(line),
            "call" or "parse-call" => Call(line, names),
            "linq" => Call(line, [".First", ".Single", ".Last", ".Max", ".Min", ".Average", ".Aggregate"]) is { } linq ? new Found(Receiver(line, line.IndexOf(linq.Expression, StringComparison.Ordinal)) + linq.Expression) : null,
            _ => null,
        };
    }

    /// <summary>The receiver of <c>.member</c> (or <c>['member']</c>): <c>users[id]</c> in <c>users[id].name</c>.</summary>
    private static Found? MemberReceiver(string line, string member)
    {
        if (member.Length >= line.Length) return null;
        var access = new Regex($@"\??\.\s*{Regex.Escape(member)}\b|\[\s*['""]{Regex.Escape(member)}['""]\s*\]", RegexOptions.None, MatchTimeout);
        foreach (var m in UntrustedText.Matches(access, line, MaxLineLength))
        {
            var receiver = Receiver(line, m.Index);
            if (receiver.Length > 0) return new Found(receiver);
        }
        return null;
    }

    /// <summary>
    /// When the error does not say which member: the receivers of the line's first chain of
    /// member accesses. The last one that is dereferenced is named; all are candidates.
    /// </summary>
    private static Found? AnyReceiver(string line)
    {
        var candidates = new List<string>();
        foreach (var m in UntrustedText.Matches(MemberAccess(), line, MaxLineLength))
        {
            var dot = m.Index + m.Value.IndexOf('.', StringComparison.Ordinal) - (m.Value.Contains("?.", StringComparison.Ordinal) ? 1 : 0);
            var receiver = Receiver(line, dot);
            if (receiver.Length == 0 || char.IsDigit(receiver[0]) || IsKeywordOrType(receiver)) continue;
            // Later receivers of the same chain extend the first one; another chain ends the search.
            if (candidates.Count > 0 && !receiver.StartsWith(candidates[0], StringComparison.Ordinal)) break;
            candidates.Add(receiver);
        }
        return candidates.Count == 0 ? null : new Found(candidates[^1], Candidates: candidates);
    }

    private static Found? KeySubscript(string line, string key)
    {
        if (key.Length >= line.Length) return null;
        var m = UntrustedText.Match(new Regex($@"\[\s*['""]?{Regex.Escape(key)}['""]?\s*\]", RegexOptions.None, MatchTimeout), line, MaxLineLength);
        if (!m.Success) return null;
        var receiver = Receiver(line, m.Index);
        return receiver.Length > 0 ? new Found(receiver + m.Value) : null;
    }

    /// <summary>The first indexed expression with all its subscripts: <c>order["items"][0]</c>.</summary>
    private static Found? FirstSubscript(string line)
    {
        for (var i = 1; i < line.Length; i++)
        {
            if (line[i] != '[' || !(char.IsLetterOrDigit(line[i - 1]) || line[i - 1] is '_' or ']' or ')' or '$')) continue;
            var receiver = Receiver(line, i);
            if (receiver.Length == 0) continue;
            var end = i;
            while (end < line.Length && line[end] == '[' && Close(line, end) is var close and > 0) end = close + 1;
            return new Found(receiver + line[i..end]);
        }
        return null;
    }

    /// <summary>What is divided by: <c>len(values)</c> in <c>sum(values) / len(values)</c>.</summary>
    private static Found? Divisor(string line)
    {
        foreach (var m in UntrustedText.Matches(Division(), line, MaxLineLength))
        {
            var operand = Operand(line, m.Index + m.Length);
            if (operand.Length > 0) return new Found(operand);
        }
        return null;
    }

    /// <summary>A call to one of the names, with its argument: <c>int(raw)</c>, <c>JSON.parse(text)</c>.</summary>
    private static Found? Call(string line, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            var call = name.StartsWith('.')
                ? new Regex($@"{Regex.Escape(name)}\s*\(", RegexOptions.None, MatchTimeout)
                : new Regex($@"(?<![\w$.]){Regex.Escape(name)}\s*\(", RegexOptions.None, MatchTimeout);
            var at = UntrustedText.Match(call, line, MaxLineLength);
            if (!at.Success) continue;
            var open = at.Index + at.Length - 1;
            var close = Close(line, open);
            if (close < 0) continue;
            return new Found(line[at.Index..(close + 1)].Trim(), line[(open + 1)..close].Trim());
        }
        return null;
    }

    /// <summary>Scans left from <paramref name="end"/> over an expression: names, dots, calls and subscripts.</summary>
    internal static string Receiver(string line, int end)
    {
        var j = end - 1;
        while (j >= 0)
        {
            var c = line[j];
            if (c is ')' or ']')
            {
                var open = Open(line, j);
                if (open < 0) break;
                j = open - 1;
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '$' or '.' || (c == '?' && j + 1 < line.Length && line[j + 1] == '.')) j--;
            else break;
        }
        return line[(j + 1)..end].TrimStart('.').Trim();
    }

    /// <summary>Scans right from <paramref name="start"/> over one operand.</summary>
    private static string Operand(string line, int start)
    {
        var j = start;
        while (j < line.Length && line[j] == ' ') j++;
        var from = j;
        while (j < line.Length)
        {
            var c = line[j];
            if (c is '(' or '[')
            {
                var close = Close(line, j);
                if (close < 0) break;
                j = close + 1;
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '$' or '.') j++;
            else break;
        }
        return line[from..j].Trim();
    }

    private static int Close(string line, int open)
    {
        var (o, c) = line[open] == '(' ? ('(', ')') : ('[', ']');
        var depth = 0;
        for (var i = open; i < line.Length; i++)
        {
            if (line[i] == o) depth++;
            else if (line[i] == c && --depth == 0) return i;
        }
        return -1;
    }

    private static int Open(string line, int close)
    {
        var (o, c) = line[close] == ')' ? ('(', ')') : ('[', ']');
        var depth = 0;
        for (var i = close; i >= 0; i--)
        {
            if (line[i] == c) depth++;
            else if (line[i] == o && --depth == 0) return i;
        }
        return -1;
    }

    private static bool IsKeywordOrType(string receiver) => receiver is "this" or "self" or "base" or "super" or "Math" or "JSON" or "console" or "System" or "String" or "Console";
}
