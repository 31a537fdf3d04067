namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// <c>list.splice(i)</c> with one argument removes everything from <c>i</c> to the end. When <c>i</c> is one element's position
/// (the answer of <c>indexOf</c> or <c>findIndex</c>, inline or through a name assigned from it a few lines above), the call
/// meant to take that element out, and the rest of the list went with it: the repair passes the delete count, 1.
/// </summary>
internal static class SpliceCount
{
    private const string Search = @"[A-Za-z_$][\w$.]*\.(?:indexOf|lastIndexOf|findIndex|findLastIndex)\((?:[^()]|\([^()]*\))*\)";

    /// <summary>How many lines above the splice the position's assignment may be.</summary>
    private const int NameReach = 8;

    public static IEnumerable<IntentRepair> JavaScript(CulpritSource file)
    {
        if (!file.HasLine) yield break;
        var found = new List<(int Index, int Close, string Argument, string Evidence)>();
        foreach (var i in file.ReadableLines())
        {
            var line = file.Lines[i];
            foreach (var m in OperatorText.Matches(line, $@"\.splice\(\s*(?<arg>{Search}|[A-Za-z_$][\w$]*)\s*\)"))
            {
                if (!file.IsCode(i, m.Index)) continue;
                var argument = m.Groups["arg"].Value;
                var evidence = OperatorText.IsMatch(argument, $"^{Search}$") ? "" : Assignment(file, i, argument);
                if (evidence is null) continue;
                found.Add((i, m.Index + m.Length - 1, argument, evidence));
            }
        }
        foreach (var f in found.OrderBy(f => Math.Abs(f.Index - file.Index)).ThenBy(f => f.Index).Take(2))
        {
            var line = file.Lines[f.Index];
            yield return new IntentRepair(
                $"Remove one element: splice({f.Argument}) with one argument removes everything from that position to the end, and {f.Argument} is one element's position{f.Evidence} " +
                $"(line {CulpritSource.Number(f.Index)}: {file.Quote(f.Index)})",
                file.With(f.Index, line[..f.Close] + ", 1" + line[f.Close..]));
        }
    }

    /// <summary>The evidence that a name holds a search's answer (its assignment a few lines above), or null.</summary>
    private static string? Assignment(CulpritSource file, int index, string name)
    {
        for (var i = index; i >= Math.Max(0, index - NameReach); i--)
        {
            if (file.Lines[i].Length > CulpritSource.MaxReadLine) continue;
            var m = OperatorText.Match(file.Lines[i], $@"\b(?:const|let|var)\s+{System.Text.RegularExpressions.Regex.Escape(name)}\s*=\s*[^;=]*?{Search}\s*;?\s*$");
            if (m.Success && file.IsCode(i, m.Index)) return $" (line {CulpritSource.Number(i)}: {file.Quote(i)})";
        }
        return null;
    }
}
