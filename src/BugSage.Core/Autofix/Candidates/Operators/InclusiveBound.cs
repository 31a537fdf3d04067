using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// An index computed from a value that the function's own range check admits at its upper bound:
/// the check refuses only <c>value &gt; high</c>, so <c>value == high</c> is valid input, and the
/// computed slot for it is one past the end. The bound belongs in the last slot, so the index is
/// capped at the last one. Without a check that admits the bound, nothing says the bound is valid,
/// and nothing is proposed.
/// </summary>
internal static partial class InclusiveBound
{
    [GeneratedRegex(@"(?<seq>[A-Za-z_$][\w$.]*)\[(?<index>[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]")]
    private static partial Regex Indexed();

    public static IEnumerable<IntentRepair> Find(CulpritSource file)
    {
        if (file.Target.Category != "index" || !file.HasLine) yield break;
        foreach (Match indexed in Indexed().Matches(file.Line))
        {
            var index = indexed.Groups["index"].Value;
            var seq = indexed.Groups["seq"].Value;
            // A plain literal or name is no computed slot.
            if (Regex.IsMatch(index.Trim(), @"^(?:-?\d+|[A-Za-z_$][\w$]*)$")) continue;
            var (line, value, bound) = AdmittedBound(file, index);
            if (line < 0) continue;
            var last = file.Target.Language switch
            {
                "python" => $"min({index}, len({seq}) - 1)",
                "javascript" => $"Math.min({index}, {seq}.length - 1)",
                "dotnet" => $"Math.Min({index}, {seq}.{(file.Lines.Any(l => Regex.IsMatch(l, $@"\b{Regex.Escape(seq)}\s*=\s*new\s+\w+\[|\b{Regex.Escape(seq)}\.Length\b")) ? "Length" : "Count")} - 1)",
                _ => null,
            };
            if (last is null) yield break;
            var changed = file.Line[..indexed.Groups["index"].Index] + last + file.Line[(indexed.Groups["index"].Index + index.Length)..];
            yield return new IntentRepair(
                $"Count {value} equal to {bound} in the last slot of {seq}: the range check at line {CulpritSource.Number(line)} admits it ({file.Quote(line)}), and the computed slot is one past the end",
                file.With(file.Index, changed));
            yield break;
        }
    }

    [GeneratedRegex(@"(?<![\w$.])(?<value>[A-Za-z_$][\w$.]*)\s*(?<op><)(?!=)\s*(?<bound>[A-Za-z_$][\w$.]*)|(?<![\w$.])(?<bound>[A-Za-z_$][\w$.]*)\s*(?<op>>)(?!=)\s*(?<value>[A-Za-z_$][\w$.]*)",
        RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex StrictlyBelow();

    /// <summary>
    /// A lookup that compares the value strictly below a bound of the same name as the one the range check admits
    /// (<c>if (grams &gt; MaxGrams) throw …; return bands.First(b =&gt; grams &lt; b.MaxGrams);</c>): the check says a value equal to the
    /// bound is valid, and the strict comparison finds nothing for it. The comparison becomes inclusive.
    /// </summary>
    public static IEnumerable<IntentRepair> Comparison(CulpritSource file)
    {
        if (!file.HasLine) yield break;
        var (first, last) = file.Statement();
        // One reading of the function's checks per value: a statement may compare the same value many times.
        var admittedBounds = new Dictionary<string, (int Line, string Value, string Bound)>(StringComparer.Ordinal);
        for (var i = first; i <= last; i++)
        {
            var text = file.Lines[i];
            if (text.Length > CulpritSource.MaxReadLine) continue;
            foreach (Match below in StrictlyBelow().Matches(text))
            {
                if (!file.IsCode(i, below.Index)) continue;
                var (value, bound) = (below.Groups["value"].Value, below.Groups["bound"].Value);
                if (!admittedBounds.TryGetValue(value, out var found)) admittedBounds[value] = found = AdmittedBound(file, value);
                var (line, admitted, admittedBound) = found;
                // The same bound: its last name matches the check's (b.MaxGrams for MaxGrams, band.max for self.max).
                if (line < 0 || OperatorText.LastName(admittedBound) != OperatorText.LastName(bound) || admitted != value) continue;
                var op = below.Groups["op"];
                var inclusive = op.Value == "<" ? "<=" : ">=";
                yield return new IntentRepair(
                    $"Include {OperatorText.LastName(bound)} itself: the range check at line {CulpritSource.Number(line)} admits {value} equal to {admittedBound} ({file.Quote(line)}), " +
                    $"and the strict comparison finds nothing for it (line {CulpritSource.Number(i)}: {file.Quote(i)})",
                    file.With(i, text[..op.Index] + inclusive + text[(op.Index + op.Length)..]));
                yield break;
            }
        }
    }

    /// <summary>The check, before the failing line in its function, that rejects a value of the index only above its bound.</summary>
    private static (int Line, string Value, string Bound) AdmittedBound(CulpritSource file, string index)
    {
        var start = file.FunctionStart();
        for (var i = file.Index - 1; i >= start; i--)
        {
            if (!file.IsRejectingCheck(i)) continue;
            var text = file.Lines[i];
            foreach (var above in OperatorText.Matches(text, @"(?<value>[A-Za-z_$][\w$.]*)\s*>\s*(?<bound>[A-Za-z_$][\w$.]*)"))
            {
                var value = above.Groups["value"].Value;
                if (OperatorText.IsMatch(index, $@"(?<![\w$.]){Regex.Escape(value)}\b")) return (i, value, above.Groups["bound"].Value);
            }
        }
        return (-1, "", "");
    }
}
