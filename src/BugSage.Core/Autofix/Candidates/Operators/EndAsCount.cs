using System.Text.RegularExpressions;

using BugSage.Core.Autofix.Reproduction;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A range's end passed where the call takes its length: <c>list.GetRange(start, Math.Min(start + size, list.Count))</c>,
/// <c>text.Substring(from, from + width)</c>, <c>items.splice(at, at + n)</c>. The second argument of these calls counts
/// elements from the first; written as the first plus something, it is the position where the range ends, which equals the
/// count only while the start is 0 (so the first page, heat or field works and the next ones run past the end or take too
/// many). The repair passes what the end is short of the start: <c>start + size</c> becomes <c>size</c>, and
/// <c>Math.Min(start + size, count)</c> becomes <c>Math.Min(size, count - start)</c>.
/// </summary>
internal static class EndAsCount
{
    private const string Name = @"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*";

    public static IEnumerable<IntentRepair> Find(CulpritSource file)
    {
        var calls = file.Target.Language switch
        {
            "dotnet" => "GetRange|RemoveRange|Substring",
            "javascript" => "substr|splice",
            _ => null,
        };
        if (calls is null) yield break;
        var found = new List<(int Index, int From, int To, string Count, string Method, string Start, string Was)>();
        foreach (var i in file.ReadableLines())
        {
            var line = file.Lines[i];
            foreach (var m in OperatorText.Matches(line, $@"\.(?<method>{calls})\("))
            {
                var open = m.Index + m.Length - 1;
                var close = Brackets.Close(line, open);
                if (!file.IsCode(i, m.Index) || close < 0) continue;
                var arguments = Signature.Pieces(line[(open + 1)..close]);
                if (arguments.Count < 2 || !OperatorText.IsMatch(arguments[0].Text.Trim(), $"^{Name}$")) continue;
                // The file's own GetRange(from, to) or substr(from, to) takes what it declares: a receiver of the file's own type
                // is not the list or string whose call takes a count.
                if (DeclaresOwn(file, m.Groups["method"].Value)) continue;
                var start = arguments[0].Text.Trim();
                var was = arguments[1].Text.Trim();
                if (Count(was, start) is not { } count) continue;
                var from = open + 1 + arguments[1].At + (arguments[1].Text.Length - arguments[1].Text.TrimStart().Length);
                found.Add((i, from, from + was.Length, count, m.Groups["method"].Value, start, was));
            }
        }
        foreach (var f in found.OrderBy(f => Math.Abs(f.Index - file.Index)).ThenBy(f => f.Index).Take(2))
        {
            var line = file.Lines[f.Index];
            yield return new IntentRepair(
                $"Pass {f.Method} the number of elements, not the end of the range: its second argument counts from {f.Start}, and {f.Was} is where the range ends, " +
                $"which is the count only while {f.Start} is 0 (line {CulpritSource.Number(f.Index)}: {file.Quote(f.Index)})",
                file.With(f.Index, line[..f.From] + f.Count + line[f.To..]));
        }
    }

    /// <summary>Whether the file declares a method of that name itself (C#: with typed parameters; JavaScript: a method or function).</summary>
    private static bool DeclaresOwn(CulpritSource file, string method)
    {
        var declared = file.Target.Language == "dotnet"
            ? $@"[\w>\]?]\s+{method}\s*(?:<[^>]*>)?\s*\(\s*(?:this\s+)?[\w<>\[\]?.]+\s+\w+"
            : $@"^\s*(?:static\s+)?(?:async\s+)?{method}\s*\([^)]*\)\s*\{{|\bfunction\s+{method}\s*\(|\b{method}\s*[:=]\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*=>|\w+\s*=>)";
        return file.ReadableLines().Any(i => OperatorText.IsMatch(file.Lines[i], declared));
    }

    /// <summary>
    /// The count that an end written from <paramref name="start"/> stands for: <c>start + n</c> or <c>n + start</c> gives
    /// <c>n</c>; <c>Math.Min(start + n, total)</c> gives <c>Math.Min(n, total - start)</c>. Anything else: null.
    /// </summary>
    private static string? Count(string end, string start)
    {
        if (Past(end, start) is { } plain) return plain;
        var min = OperatorText.Match(end, @"^(?<min>Math\.[Mm]in)\((?<args>.*)\)$");
        if (!min.Success) return null;
        var args = Signature.Pieces(min.Groups["args"].Value);
        if (args.Count != 2) return null;
        for (var k = 0; k < 2; k++)
        {
            if (Past(args[k].Text.Trim(), start) is not { } size) continue;
            var total = args[1 - k].Text.Trim();
            if (total.Length == 0 || total.Contains(start, StringComparison.Ordinal)) return null;
            var bounded = OperatorText.IsMatch(total, $"^{Name}(?:\\(\\))?$") ? total : $"({total})";
            return $"{min.Groups["min"].Value}({size}, {bounded} - {start})";
        }
        return null;
    }

    /// <summary><c>start + n</c> (or <c>n + start</c>) at the top level of an expression: <c>n</c>; otherwise null.</summary>
    private static string? Past(string expression, string start)
    {
        var escaped = Regex.Escape(start);
        // Only + and - at the top level: a product or a comparison would change what subtracting the start means.
        if (TopLevelOperators(expression).Any(c => c is not ('+' or '-'))) return null;
        var leading = OperatorText.Match(expression, $@"^{escaped}\s*\+\s*(?<rest>.+)$");
        if (leading.Success) return leading.Groups["rest"].Value.Trim();
        var trailing = OperatorText.Match(expression, $@"^(?<rest>.+?)\s*\+\s*{escaped}$");
        if (trailing.Success && !trailing.Groups["rest"].Value.Contains(start, StringComparison.Ordinal)) return trailing.Groups["rest"].Value.Trim();
        return null;
    }

    /// <summary>The operator characters outside brackets (member dots and name characters are not operators).</summary>
    private static IEnumerable<char> TopLevelOperators(string expression)
    {
        var depth = 0;
        foreach (var c in expression)
        {
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            else if (depth == 0 && c is '+' or '-' or '*' or '/' or '%' or '<' or '>' or '=' or '?' or ':' or '&' or '|' or '^' or ',') yield return c;
        }
    }
}
