using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A JavaScript sort whose comparator answers a comparison (<c>.sort((a, b) => a.at &gt; b.at)</c>):
/// <c>Array.prototype.sort</c> reads the answer as a number, so <c>true</c> and <c>false</c> say "after"
/// and "equal" and never "before", and the order depends on the order things arrived in. The comparison
/// says which order was meant; the repair answers -1, 1 or 0 for it, which works for numbers, strings and
/// dates alike. Comparators in the failing file are repaired one per candidate, the nearest the failing
/// line first; a comparator that already answers a number gives nothing.
/// </summary>
internal static partial class BooleanComparator
{
    [GeneratedRegex(@"\.sort\(\s*(?<fn>\(\s*(?<a>[A-Za-z_$][\w$]*)\s*,\s*(?<b>[A-Za-z_$][\w$]*)\s*\)\s*=>\s*(?<brace>\{\s*return\s+)?(?<left>[^<>=!?:;{}()|&]+?)\s*(?<op>>=|<=|>|<)\s*(?<right>[^<>=!?:;{}()|&]+?)\s*(?(brace);?\s*\}))\s*\)", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex ArrowComparator();

    [GeneratedRegex(@"\.sort\(\s*(?<fn>function\s*[\w$]*\s*\(\s*(?<a>[A-Za-z_$][\w$]*)\s*,\s*(?<b>[A-Za-z_$][\w$]*)\s*\)\s*\{\s*return\s+(?<left>[^<>=!?:;{}()|&]+?)\s*(?<op>>=|<=|>|<)\s*(?<right>[^<>=!?:;{}()|&]+?)\s*;?\s*\})\s*\)", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex FunctionComparator();

    private const int MaxLine = 500;

    private static bool Budgeted()
    {
        OperatorText.Check();
        return true;
    }

    public static IEnumerable<IntentRepair> JavaScript(CulpritSource file)
    {
        if (!file.HasLine) yield break;
        // A minified bundle's one long line is not code anyone repairs by hand: only lines a person wrote are read.
        var found = Enumerable.Range(0, file.Lines.Length).Where(i => file.Lines[i].Length <= MaxLine && Budgeted())
            .SelectMany(i => ArrowComparator().Matches(file.Lines[i]).Concat(FunctionComparator().Matches(file.Lines[i])).Select(m => (Index: i, Match: m)))
            .Where(c => BraceLineText.InCode(file.Lines[c.Index], c.Match.Index))
            .Where(c => Mentions(c.Match.Groups["left"].Value, c.Match.Groups["a"].Value) && Mentions(c.Match.Groups["right"].Value, c.Match.Groups["b"].Value)
                || Mentions(c.Match.Groups["left"].Value, c.Match.Groups["b"].Value) && Mentions(c.Match.Groups["right"].Value, c.Match.Groups["a"].Value))
            .OrderBy(c => Math.Abs(c.Index - file.Index)).ThenBy(c => c.Index).Take(2);
        foreach (var (index, match) in found)
        {
            var (a, b) = (match.Groups["a"].Value, match.Groups["b"].Value);
            var (left, right, op) = (match.Groups["left"].Value.Trim(), match.Groups["right"].Value.Trim(), match.Groups["op"].Value);
            // "left > right" means left goes after right: answer 1 then, -1 the other way, 0 when neither.
            var (after, before) = op is ">" or ">=" ? ($"{left} > {right}", $"{left} < {right}") : ($"{left} < {right}", $"{left} > {right}");
            var comparator = $"({a}, {b}) => ({after} ? 1 : {before} ? -1 : 0)";
            var fn = match.Groups["fn"];
            var line = file.Lines[index];
            yield return new IntentRepair(
                $"Sort with a comparator that answers a number: ({a}, {b}) => {left} {op} {right} answers true or false, which sort() reads as \"after\" or \"equal\" and never \"before\" " +
                $"(line {CulpritSource.Number(index)}: {file.Quote(index)})",
                file.With(index, line[..fn.Index] + comparator + line[(fn.Index + fn.Length)..]));
        }
    }

    private static bool Mentions(string side, string parameter) => OperatorText.IsMatch(side, $@"(?<![\w$.]){Regex.Escape(parameter)}(?![\w$])");
}
