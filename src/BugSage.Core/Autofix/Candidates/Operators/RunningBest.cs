using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A search for the best element that starts from a made-up bound: <c>best = None</c>, <c>best_key = (0, 0, 0)</c>, then in a
/// loop <c>if key &lt; best_key: best, best_key = card, key</c>, and <c>return best</c>. Only elements that beat the bound are
/// ever taken, so when none does (every score over par) the function answers None, and its caller, which reads the best
/// element's fields, fails. The first element is the best so far whatever it is: the repair takes it
/// (<c>if best is None or key &lt; best_key</c>). Only a tuple of numbers is read as a made-up bound: it is a composite sort
/// key (score, then back nine, then time handed in), which no one writes as a threshold. A single number may be one (a pass
/// mark: None then says nobody passed), and is left alone; so are infinity, and a search whose answer is never returned.
/// </summary>
internal static class RunningBest
{
    /// <summary>A tuple of two or more numbers: a composite key's bound written by hand.</summary>
    private const string MadeUp = @"(?<bound>\(\s*-?\d+(?:\.\d+)?(?:\s*,\s*-?\d+(?:\.\d+)?)+\s*,?\s*\))";

    public static IEnumerable<IntentRepair> Find(CulpritSource file)
    {
        var language = file.Target.Language;
        var (none, bounded, test) = language switch
        {
            "python" => (@"^\s*(?<best>[A-Za-z_]\w*)\s*=\s*None\s*(?:#.*)?$", $@"^\s*(?<key>[A-Za-z_]\w*)\s*=\s*{MadeUp}\s*(?:#.*)?$",
                @"^(?<indent>\s*)if\s+(?<cond>(?<left>[^:]+?)\s*(?<op>[<>]=?)\s*{0})\s*:"),
            _ => (null, null, null),
        };
        if (none is null || bounded is null || test is null) yield break;
        foreach (var i in file.ReadableLines())
        {
            var best = OperatorText.Match(file.Lines[i], none);
            if (!best.Success || !file.IsCode(i, best.Groups["best"].Index)) continue;
            // The bound is set beside it (just above or below): the two start the search together.
            for (var j = Math.Max(0, i - 2); j <= Math.Min(file.Lines.Length - 1, i + 2); j++)
            {
                if (j == i || file.Lines[j].Length > CulpritSource.MaxReadLine) continue;
                var key = OperatorText.Match(file.Lines[j], bounded);
                if (!key.Success || !file.IsCode(j, key.Groups["key"].Index)) continue;
                if (Search(file, Math.Max(i, j) + 1, best.Groups["best"].Value, key.Groups["key"].Value, key.Groups["bound"].Value, test) is { } repair) yield return repair;
                break;
            }
        }
    }

    /// <summary>The comparison against the bound that alone decides what is taken, when the function returns what it took; as a repair.</summary>
    private static IntentRepair? Search(CulpritSource file, int from, string best, string key, string bound, string test)
    {
        var (b, k) = (Regex.Escape(best), Regex.Escape(key));
        for (var i = from; i < Math.Min(file.Lines.Length, from + 15); i++)
        {
            var line = file.Lines[i];
            if (line.Length > CulpritSource.MaxReadLine) continue;
            if (CulpritSource.IsFunctionHeader(line)) return null;
            var m = OperatorText.Match(line, string.Format(test, k));
            if (!m.Success || !file.IsCode(i, m.Index)) continue;
            // Already tests for the first element, or compares with the bound through something else.
            if (OperatorText.IsMatch(m.Groups["left"].Value, $@"(?<![\w$.]){b}(?![\w$])|\b(?:or|and)\b|\|\||&&")) return null;
            // The branch takes the element (assigns best) and the function answers it.
            var takes = Enumerable.Range(i, Math.Min(4, file.Lines.Length - i)).Any(t => OperatorText.IsMatch(file.Lines[t], $@"(?<![\w$.]){b}\s*(?:,\s*[\w$.]+\s*)*=(?!=)|(?<![\w$.]){b}\s*,"));
            var returned = Enumerable.Range(i, Math.Min(25, file.Lines.Length - i)).Select(r => file.Lines[r])
                .TakeWhile(l => !CulpritSource.IsFunctionHeader(l)).Any(l => OperatorText.IsMatch(l, $@"^\s*return\s+{b}\s*;?\s*(?:#.*|//.*)?$"));
            if (!takes || !returned) return null;
            var cond = m.Groups["cond"];
            var first = $"{best} is None or ";
            return new IntentRepair(
                $"Take the first element as the best so far: {best} starts as None and is taken only when it beats {key}, which starts at a made-up bound ({bound}), " +
                $"so when no element beats that bound the function answers None (line {CulpritSource.Number(i)}: {file.Quote(i)})",
                file.With(i, line[..cond.Index] + first + cond.Value + line[(cond.Index + cond.Length)..]));
        }
        return null;
    }
}
