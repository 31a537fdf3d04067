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
    private static string Searches(string language) => language switch
    {
        "javascript" => "indexOf|lastIndexOf|findIndex|findLastIndex|search",
        "python" => "find|rfind",
        _ => "IndexOf|LastIndexOf|IndexOfAny|LastIndexOfAny|FindIndex|FindLastIndex",
    };

    /// <summary>How many lines after its assignment a name is still read as the search's answer.</summary>
    private const int NameReach = 8;

    /// <summary>A call's arguments, one level of brackets inside them.</summary>
    private const string Arguments = @"\((?:[^()]|\([^()]*\))*\)";

    public static IEnumerable<IntentRepair> Find(CulpritSource file)
    {
        if (!file.HasLine) yield break;
        var searches = Searches(file.Target.Language);
        var call = $@"[\w$\])]\.(?:{searches}){Arguments}";
        var assigned = file.Target.Language switch
        {
            "javascript" => $@"\b(?:const|let|var)\s+(?<name>[A-Za-z_$][\w$]*)\s*=\s*[^;=]*?{call}\s*;?\s*$",
            "python" => $@"^\s*(?<name>[A-Za-z_]\w*)\s*=\s*[^=]*?{call}\s*$",
            _ => $@"\b(?:var|int)\s+(?<name>[A-Za-z_]\w*)\s*=\s*[^;=]*?{call}\s*;\s*$",
        };
        var names = file.ReadableLines().Select(i => (Index: i, Match: OperatorText.Match(file.Lines[i], assigned)))
            .Where(a => a.Match.Success && file.IsCode(a.Index, a.Match.Groups["name"].Index))
            .Select(a => (a.Match.Groups["name"].Value, a.Index)).ToList();
        // A name holds the search's answer from its assignment for a few lines: further on, or in another function, the same short
        // name (i, idx) is often a counter, whose "> 0" is meant.
        var positions = new List<(string Pattern, string Evidence, int From, int To)> { ($"(?:{call})", "", 0, file.Lines.Length) };
        positions.AddRange(names.Select(n => ($@"(?<![\w$.]){Regex.Escape(n.Item1)}(?![\w$(\[.])", $" (line {CulpritSource.Number(n.Index)}: {file.Quote(n.Index)})",
            n.Index, n.Index + NameReach)));

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

    /// <summary>Whether the lines a test guards read the position before the found one (<c>i - 1</c>): then "&gt; 0" is meant.</summary>
    private static bool ReadsPredecessor(CulpritSource file, int index, string position)
    {
        if (!Regex.IsMatch(position, @"^[A-Za-z_$][\w$]*$")) return false;
        for (var i = index; i < Math.Min(file.Lines.Length, index + 4); i++)
            if (file.Lines[i].Length <= CulpritSource.MaxReadLine && OperatorText.IsMatch(file.Lines[i], $@"(?<![\w$.]){Regex.Escape(position)}\s*-\s*1\b")) return true;
        return false;
    }
}
