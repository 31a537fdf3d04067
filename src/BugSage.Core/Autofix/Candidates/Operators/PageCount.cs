using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A count of pages (chunks, batches, sheets) computed by rounding a division down: <c>pages = Math.floor(items / size)</c>.
/// The items past the last full page need a page too, so a count that rounds down has none for them, and reading that last
/// page finds nothing. The name says what the value counts; the repair rounds up (<c>Math.ceil</c>, <c>(a + b - 1) // b</c>,
/// <c>(a + b - 1) / b</c>). A division whose result is not named as such a count is left alone.
/// </summary>
internal static partial class PageCount
{
    [GeneratedRegex(@"^(?:total|num|n|count|number_?of)?_?(?:page|chunk|batch|sheet|bucket|shard)(?:e?s|_?count)$", RegexOptions.IgnoreCase, OperatorText.TimeoutMilliseconds)]
    private static partial Regex CountName();

    /// <summary>An operand: a name, a member or index read, or a call with plain arguments (<c>len(items)</c>, <c>this.items.length</c>).</summary>
    private const string Operand = @"[A-Za-z_$][\w$.]*(?:\([^()]*\)|\[[^\[\]]*\])?(?:\.[A-Za-z_$][\w$]*)*";

    public static IEnumerable<IntentRepair> Find(CulpritSource file)
    {
        if (!file.HasLine) yield break;
        var language = file.Target.Language;
        var assigned = language switch
        {
            "javascript" => $@"(?<name>[A-Za-z_$][\w$]*)\s*(?:=|:)\s*(?<div>Math\.floor\(\s*(?<a>{Operand})\s*/\s*(?<b>{Operand})\s*\))(?=\s*(?:[;,}}]|$))",
            "python" => $@"^\s*(?:self\.)?(?<name>[A-Za-z_]\w*)\s*(?::\s*int\s*)?=\s*(?<div>(?<a>{Operand})\s*//\s*(?<b>{Operand}))\s*(?:#.*)?$",
            "dotnet" => $@"\bint\s+(?<name>[A-Za-z_]\w*)\s*(?:=>|=)\s*(?<div>(?<a>{Operand})\s*/\s*(?<b>{Operand}))\s*;",
            _ => null,
        };
        if (assigned is null) yield break;
        var found = new List<(int Index, Match Match)>();
        foreach (var i in file.ReadableLines())
            foreach (var m in OperatorText.Matches(file.Lines[i], assigned))
                if (CountName().IsMatch(m.Groups["name"].Value) && file.IsCode(i, m.Groups["div"].Index) && !RoundedUpAfter(file, i, m.Groups["name"].Value)
                    // C#'s integer division also counts the whole pages that fit in a buffer (its Length): only a count of items is paged.
                    && (language != "dotnet" || OperatorText.IsMatch(m.Groups["a"].Value, @"(?:\.Count(?:\(\))?|(?i:count|total))$")))
                    found.Add((i, m));
        foreach (var (index, m) in found.OrderBy(f => Math.Abs(f.Index - file.Index)).ThenBy(f => f.Index).Take(2))
        {
            var (a, b, div) = (m.Groups["a"].Value, m.Groups["b"].Value, m.Groups["div"]);
            var up = language switch
            {
                "javascript" => $"Math.ceil({a} / {b})",
                "python" when file.Lines.Any(l => l.Length <= CulpritSource.MaxReadLine && OperatorText.IsMatch(l, @"^import\s+(?:[\w.]+\s*,\s*)*math\s*(?:,|#|$)")) => $"math.ceil({a} / {b})",
                "python" => $"({a} + {b} - 1) // {b}",
                _ => $"({a} + {b} - 1) / {b}",
            };
            var line = file.Lines[index];
            yield return new IntentRepair(
                $"Count the last, partly filled {Singular(m.Groups["name"].Value)} too: {m.Groups["name"].Value} rounds {a} / {b} down, so the items past the last full one have none " +
                $"(line {CulpritSource.Number(index)}: {file.Quote(index)})",
                file.With(index, line[..div.Index] + up + line[(div.Index + div.Length)..]));
        }
    }

    /// <summary>Whether the next lines add the last page themselves (<c>if n % size: pages += 1</c>, <c>pages++</c>): then the floor is meant.</summary>
    private static bool RoundedUpAfter(CulpritSource file, int index, string name)
    {
        var counted = Regex.Escape(name);
        for (var i = index + 1; i < Math.Min(file.Lines.Length, index + 4); i++)
            if (file.Lines[i].Length <= CulpritSource.MaxReadLine
                && OperatorText.IsMatch(file.Lines[i], $@"(?<![\w$.]){counted}\s*(?:\+=|\+\+|=\s*{counted}\s*\+)|\+\+\s*(?:this\.|self\.)?{counted}\b|%"))
                return true;
        return false;
    }

    private static string Singular(string name) =>
        Regex.Match(name, "page|chunk|batch|sheet|bucket|shard", RegexOptions.IgnoreCase) is { Success: true } m ? m.Value.ToLowerInvariant() : "page";
}
