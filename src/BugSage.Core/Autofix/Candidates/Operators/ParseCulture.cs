using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A C# parse that reads text in the server's culture (<c>decimal.Parse(text)</c>) where the same
/// file parses or writes its data with <c>CultureInfo.InvariantCulture</c>: the file's own format
/// is invariant, so the failing parse takes the invariant culture too. Without such a line in the
/// file nothing says which culture the text is in, and nothing is proposed.
/// </summary>
internal static partial class ParseCulture
{
    [GeneratedRegex(@"\b(?<type>decimal|double|float|int|long|short|uint|ulong|DateTime|DateTimeOffset|DateOnly|TimeOnly|TimeSpan|Decimal|Double|Int32|Int64)\.Parse\(")]
    private static partial Regex ParseCall();

    [GeneratedRegex(@"CultureInfo\.InvariantCulture")]
    private static partial Regex Invariant();

    public static IEnumerable<IntentRepair> CSharp(CulpritSource file)
    {
        if (file.Target.Category != "parse" || !file.HasLine) yield break;
        var (first, last) = file.Statement();
        for (var i = first; i <= last; i++)
        {
            foreach (Match call in ParseCall().Matches(file.Lines[i]))
            {
                var open = call.Index + call.Length - 1;
                var close = Brackets.Close(file.Lines[i], open);
                if (close < 0) continue;
                var arguments = file.Lines[i][(open + 1)..close];
                // A parse that already names a culture, or whose styles argument is a date style, is left alone.
                if (arguments.Contains("Culture", StringComparison.Ordinal) || arguments.Contains("provider", StringComparison.OrdinalIgnoreCase) || arguments.Contains("DateTimeStyles", StringComparison.Ordinal)) continue;
                var evidence = Enumerable.Range(0, file.Lines.Length).Where(l => l != i).FirstOrDefault(l => Invariant().IsMatch(file.Lines[l]), -1);
                if (evidence < 0) yield break;
                var culture = file.Lines.Any(l => l.Trim() == "using System.Globalization;") ? "CultureInfo.InvariantCulture" : "System.Globalization.CultureInfo.InvariantCulture";
                var changed = file.Lines[i][..close] + ", " + culture + file.Lines[i][close..];
                var parsed = arguments.Split(',')[0].Trim();
                yield return new IntentRepair(
                    $"Parse {parsed} with CultureInfo.InvariantCulture, the culture this file reads and writes its data in (line {CulpritSource.Number(evidence)}: {file.Quote(evidence)})",
                    file.With(i, changed));
                yield break;
            }
        }
    }
}
