using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// <c>list.splice(i)</c> with one argument removes everything from <c>i</c> to the end. When <c>i</c> is one element's position
/// (the answer of <c>indexOf</c> or <c>findIndex</c>, inline or through a name assigned from it a few lines above) and the
/// function's own name says it takes one thing out (<c>withdraw</c>, <c>remove…</c>, <c>cancel…</c>), the call meant to take that
/// element out, and the rest of the list went with it: the repair passes the delete count, 1. A function named otherwise
/// (<c>close(modal)</c>, which closes what was opened over it too) may mean the truncation, and is left alone.
/// </summary>
internal static partial class SpliceCount
{
    private const string Searches = "indexOf|lastIndexOf|findIndex|findLastIndex";

    [GeneratedRegex(@"^(?:remove|delete|withdraw|cancel|drop|unregister|unsubscribe|leave|discard|evict|detach|forget|dequeue|untrack|unwatch|kick|reject|take)",
        RegexOptions.IgnoreCase, OperatorText.TimeoutMilliseconds)]
    private static partial Regex RemovesOne();

    [GeneratedRegex(@"(?:\bfunction\s+|^\s*(?:async\s+)?|\b(?:const|let|var)\s+|\b)(?<name>[A-Za-z_$][\w$]*)\s*(?:=\s*(?:async\s*)?(?:function\b[^(]*)?)?\(", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex HeaderName();

    public static IEnumerable<IntentRepair> JavaScript(CulpritSource file)
    {
        if (!file.HasLine) yield break;
        var search = FoundIndex.Call(Searches);
        var found = new List<(int Index, int Close, string Argument, string Evidence, string Function)>();
        foreach (var i in file.ReadableLines())
        {
            var line = file.Lines[i];
            foreach (var m in OperatorText.Matches(line, $@"\.splice\(\s*(?<arg>{search}|[A-Za-z_$][\w$]*)\s*\)"))
            {
                if (!file.IsCode(i, m.Index) || FunctionName(file, i) is not { } function || !RemovesOne().IsMatch(function)) continue;
                var argument = m.Groups["arg"].Value;
                string evidence;
                if (OperatorText.IsMatch(argument, $"^{search}$")) evidence = "";
                else if (FoundIndex.Assignment(file, i, argument, Searches) is var assigned and >= 0) evidence = $" (line {CulpritSource.Number(assigned)}: {file.Quote(assigned)})";
                else if (FromHelper(file, i, argument, search) is { } helper) evidence = helper;
                else continue;
                found.Add((i, m.Index + m.Length - 1, argument, evidence, function));
            }
        }
        foreach (var f in found.OrderBy(f => Math.Abs(f.Index - file.Index)).ThenBy(f => f.Index).Take(2))
        {
            var line = file.Lines[f.Index];
            yield return new IntentRepair(
                $"Remove one element: splice({f.Argument}) with one argument removes everything from that position to the end, {f.Argument} is one element's position{f.Evidence}, " +
                $"and {f.Function}() takes one out (line {CulpritSource.Number(f.Index)}: {file.Quote(f.Index)})",
                file.With(f.Index, line[..f.Close] + ", 1" + line[f.Close..]));
        }
    }

    /// <summary>
    /// The evidence that a name holds a position through a helper of the file (<c>const at = this.position(ticket);</c>, where
    /// <c>position</c> returns what <c>findIndex</c> answered), or null.
    /// </summary>
    private static string? FromHelper(CulpritSource file, int index, string name, string search)
    {
        for (var i = index; i >= Math.Max(0, index - FoundIndex.NameReach); i--)
        {
            if (file.Lines[i].Length > CulpritSource.MaxReadLine) continue;
            var call = OperatorText.Match(file.Lines[i], $@"\b(?:const|let|var)\s+{Regex.Escape(name)}\s*=\s*(?:await\s+)?(?:this\.)?(?<helper>[A-Za-z_$][\w$]*)\([^()]*\)\s*;?\s*$");
            if (call.Success && file.IsCode(i, call.Index))
                return Returned(file, call.Groups["helper"].Value, search) is var line and >= 0
                    ? $" ({call.Groups["helper"].Value}() returns it, line {CulpritSource.Number(line)}: {file.Quote(line)})" : null;
            if (i < index && CulpritSource.IsFunctionHeader(file.Lines[i])) return null;
        }
        return null;
    }

    /// <summary>The line where the file's function <paramref name="helper"/> gets the position it returns from a search, or -1.</summary>
    private static int Returned(CulpritSource file, string helper, string search)
    {
        var header = file.ReadableLines().FirstOrDefault(i => CulpritSource.IsFunctionHeader(file.Lines[i]) && HeaderName().Match(file.Lines[i]) is { Success: true } m
            && m.Groups["name"].Value == helper, -1);
        if (header < 0) return -1;
        for (var i = header + 1; i < Math.Min(file.Lines.Length, header + 30) && !CulpritSource.IsFunctionHeader(file.Lines[i]); i++)
        {
            if (file.Lines[i].Length > CulpritSource.MaxReadLine) continue;
            if (OperatorText.Match(file.Lines[i], $@"^\s*return\s+{search}\s*;?\s*$") is { Success: true }) return i;
            if (OperatorText.Match(file.Lines[i], @"^\s*return\s+(?<name>[A-Za-z_$][\w$]*)\s*;?\s*$") is { Success: true } returned
                && FoundIndex.Assignment(file, i, returned.Groups["name"].Value, Searches) is var assigned and >= 0)
                return assigned;
        }
        return -1;
    }

    /// <summary>The name of the function around a line (its nearest header above), or null.</summary>
    private static string? FunctionName(CulpritSource file, int index)
    {
        for (var i = index; i >= 0 && i >= index - 200; i--)
            if (CulpritSource.IsFunctionHeader(file.Lines[i]))
                return HeaderName().Match(file.Lines[i]) is { Success: true } m ? m.Groups["name"].Value : null;
        return null;
    }
}
