using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A search that answers a position or -1 (<c>indexOf</c>, <c>findIndex</c>, Python's <c>str.find</c>, C#'s <c>IndexOf</c>)
/// tested with <c>&gt; 0</c> or <c>&lt;= 0</c>: position 0 is a hit, so the test takes the first element for "not found". The
/// search's own answer says what "found" means (not -1); the repair tests <c>&gt;= 0</c> (or <c>&lt; 0</c>). The position is
/// read inline or through a name the file assigns from such a search. A test followed by a read of the position before it
/// (<c>i - 1</c>) means "has a predecessor", which is what <c>&gt; 0</c> says, and is left alone.
/// </summary>
internal static partial class FoundIndex
{
    internal static string Searches(string language) => language switch
    {
        "javascript" => "indexOf|lastIndexOf|findIndex|findLastIndex|search",
        "python" => "find|rfind",
        _ => "IndexOf|LastIndexOf|IndexOfAny|LastIndexOfAny|FindIndex|FindLastIndex",
    };

    /// <summary>How many lines after its assignment a name is still read as the search's answer.</summary>
    internal const int NameReach = 8;

    /// <summary>
    /// A call's arguments, one level of brackets inside them, not starting with a literal: a character or text searched for in a
    /// string is a different test, where position 0 often has its own meaning (<c>lastIndexOf('.') &gt; 0</c>: a dotfile has no
    /// extension; <c>indexOf('@') &gt; 0</c>: an address needs a name).
    /// </summary>
    private const string Arguments = @"\((?!\s*['""`])(?:[^()]|\([^()]*\))*\)";

    /// <summary>A search on a receiver read as written (a name, members, one index): <c>this.bins.findIndex(…)</c>.</summary>
    internal static string Call(string searches) => $@"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[[^\[\]]*\])*\.(?:{searches}){Arguments}";

    /// <summary>
    /// The line, at most <see cref="NameReach"/> lines above <paramref name="index"/> and in the same function, that assigns
    /// <paramref name="name"/> the answer of a search and nothing else (not <c>1 + items.indexOf(x)</c>); -1 when there is none.
    /// </summary>
    internal static int Assignment(CulpritSource file, int index, string name, string searches)
    {
        var pattern = Assigned(file.Target.Language, Regex.Escape(name), Call(searches));
        for (var i = index; i >= Math.Max(0, index - NameReach); i--)
        {
            if (file.Lines[i].Length > CulpritSource.MaxReadLine) continue;
            if (OperatorText.Match(file.Lines[i], pattern) is { Success: true } m && file.IsCode(i, m.Index)) return i;
            if (i < index && CulpritSource.IsFunctionHeader(file.Lines[i])) return -1;
        }
        return -1;
    }

    private static string Assigned(string language, string name, string call) => language switch
    {
        "javascript" => $@"\b(?:const|let|var)\s+(?<name>{name})\s*=\s*(?:await\s+)?{call}\s*;?\s*$",
        "python" => $@"^\s*(?<name>{name})\s*=\s*{call}\s*(?:#.*)?$",
        _ => $@"\b(?:var|int)\s+(?<name>{name})\s*=\s*{call}\s*;\s*$",
    };

    public static IEnumerable<IntentRepair> Find(CulpritSource file)
    {
        if (!file.HasLine) yield break;
        var searches = Searches(file.Target.Language);
        var call = Call(searches);
        var assigned = Assigned(file.Target.Language, file.Target.Language == "javascript" ? @"[A-Za-z_$][\w$]*" : @"[A-Za-z_]\w*", call);
        var names = file.ReadableLines().Select(i => (Index: i, Match: OperatorText.Match(file.Lines[i], assigned)))
            .Where(a => a.Match.Success && file.IsCode(a.Index, a.Match.Groups["name"].Index))
            .Select(a => (a.Match.Groups["name"].Value, a.Index)).ToList();
        // A name holds the search's answer from its assignment for a few lines and within its function: further on, or in
        // another function, the same short name (i, idx) is often a counter, whose "> 0" is meant.
        var positions = new List<(string Pattern, string Evidence, int From, int To)> { ($"(?:{call})", "", 0, file.Lines.Length) };
        positions.AddRange(names.Select(n => ($@"(?<![\w$.]){Regex.Escape(n.Item1)}(?![\w$(\[.])", $" (line {CulpritSource.Number(n.Index)}: {file.Quote(n.Index)})",
            n.Index, Reach(file, n.Index))));

        var found = new List<(int Index, int At, int Length, string Replacement, string Test, string Evidence)>();
        foreach (var i in file.ReadableLines())
        {
            var line = file.Lines[i];
            foreach (var (position, evidence, from, to) in positions)
            {
                if (i < from || i > to) continue;
                foreach (var m in OperatorText.Matches(line, $@"(?<position>{position})\s*(?<op>>|<=)\s*0(?![\w.])|(?<![\w.])0\s*(?<op><|>=)\s*(?<position>{position})"))
                {
                    if (!file.IsCode(i, m.Index) || ReadsPredecessor(file, i, m.Groups["position"].Value)) continue;
                    var op = m.Groups["op"];
                    var replacement = op.Value switch { ">" => ">=", "<=" => "<", "<" => "<=", _ => ">" };
                    found.Add((i, op.Index, op.Length, replacement, m.Groups["position"].Index < op.Index ? $"{op.Value} 0" : $"0 {op.Value}", evidence));
                }
            }
        }
        foreach (var f in found.DistinctBy(f => (f.Index, f.At)).OrderBy(f => Math.Abs(f.Index - file.Index)).ThenBy(f => f.Index).Take(2))
        {
            var line = file.Lines[f.Index];
            var repaired = line[..f.At] + f.Replacement + line[(f.At + f.Length)..];
            yield return new IntentRepair(
                $"Count position 0 as found: the test \"{f.Test}\" takes the first element for \"not found\", but the search answers -1 when nothing is found{f.Evidence} " +
                $"(line {CulpritSource.Number(f.Index)}: {file.Quote(f.Index)})",
                file.With(f.Index, repaired));
        }
    }

    /// <summary>The last line a name assigned at <paramref name="index"/> is read to: a few lines on, not past the next function's header.</summary>
    private static int Reach(CulpritSource file, int index)
    {
        for (var i = index + 1; i <= Math.Min(file.Lines.Length - 1, index + NameReach); i++)
            if (CulpritSource.IsFunctionHeader(file.Lines[i])) return i - 1;
        return index + NameReach;
    }

    /// <summary>Whether the lines a test guards read the position before the found one (<c>i - 1</c>): then "&gt; 0" is meant.</summary>
    private static bool ReadsPredecessor(CulpritSource file, int index, string position)
    {
        if (!Regex.IsMatch(position, @"^[A-Za-z_$][\w$]*$")) return false;
        for (var i = index; i < Math.Min(file.Lines.Length, index + 4); i++)
            if (file.Lines[i].Length <= CulpritSource.MaxReadLine && OperatorText.IsMatch(file.Lines[i], $@"(?<![\w$.]){Regex.Escape(position)}\s*-\s*1\b")) return true;
        return false;
    }
}
