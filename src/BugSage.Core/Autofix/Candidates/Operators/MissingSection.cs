using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A Python key read only to be passed on to a function whose parameter is declared a collection
/// (<c>merge(merged[key], value)</c> where <c>def merge(base: dict, …)</c>): the callee's hint says
/// what it takes, and the empty value of that type is what it takes for "nothing there yet", so a
/// missing key reads as that. Where the value is used in any other way, or the callee declares no
/// collection type, nothing says what a missing key means, and nothing is proposed.
/// </summary>
internal static partial class MissingSection
{
    [GeneratedRegex(@"^(?<recv>[\w.]+)\[(?<key>[^\[\]]+)\]$")]
    private static partial Regex Lookup();

    public static IEnumerable<IntentRepair> Python(CulpritSource file)
    {
        if (file.Target.Category != "missing-key" || !file.HasLine || file.Target.Expression is not { } e || Lookup().Match(e) is not { Success: true } lookup) yield break;
        var argument = new Regex($@"(?<callee>[A-Za-z_]\w*)\((?<before>[^()]*?){Regex.Escape(e)}\s*[,)]");
        var call = argument.Match(file.Line);
        if (!call.Success) yield break;
        var position = call.Groups["before"].Value.Count(c => c == ',');
        var callee = call.Groups["callee"].Value;
        var declared = Array.FindIndex(file.Lines, l => Regex.IsMatch(l, $@"^\s*(?:async\s+)?def\s+{Regex.Escape(callee)}\s*\("));
        if (declared < 0) yield break;
        var parameters = Regex.Match(file.Lines[declared], @"\((?<params>.*)\)").Groups["params"].Value.Split(',').Select(p => p.Trim()).Where(p => p is not ("self" or "cls")).ToList();
        if (position >= parameters.Count) yield break;
        var hint = Regex.Match(parameters[position], @":\s*(?<type>[\w.\[\], ]+?)\s*(?:=.*)?$");
        var empty = hint.Success ? Regex.Match(hint.Groups["type"].Value, @"^(?:typing\.)?(?<t>dict|Dict|list|List|set|Set)\b").Groups["t"].Value.ToLowerInvariant() switch
        {
            "dict" => "{}",
            "list" => "[]",
            "set" => "set()",
            _ => null,
        } : null;
        if (empty is null) yield break;
        var recv = lookup.Groups["recv"].Value;
        var key = lookup.Groups["key"].Value;
        // Only the argument changes: the same subscript may also be assigned on this line.
        var at = call.Groups["before"].Index + call.Groups["before"].Length;
        var changed = file.Line[..at] + $"{recv}.get({key}, {empty})" + file.Line[(at + e.Length)..];
        yield return new IntentRepair(
            $"Pass {callee}() an empty {hint.Groups["type"].Value.Trim()} where {recv} has no {key}: {callee} declares that argument a {hint.Groups["type"].Value.Trim()} (line {CulpritSource.Number(declared)}: {file.Quote(declared)})",
            file.With(file.Index, changed));
    }
}
