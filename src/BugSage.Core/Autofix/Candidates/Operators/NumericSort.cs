using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// <c>Array.prototype.sort()</c> without a compare function orders its elements as strings: 90 comes after 1200, and -5
/// after -10. Where the array holds numbers, that order is wrong as soon as two of them have a different number of digits.
/// The evidence that they are numbers is in the file: the array is mapped from a property the code does arithmetic with
/// (<c>stops.map((s) => s.metres).sort()</c>, and elsewhere <c>to.metres - from.metres</c>), or from a conversion to a number
/// (<c>.map(Number)</c>, <c>parseFloat</c>). The repair compares them as numbers: <c>.sort((a, b) => a - b)</c>.
/// </summary>
internal static class NumericSort
{
    /// <summary>A one-parameter arrow function that reads one property of its parameter: <c>(stop) => stop.metres</c>.</summary>
    private const string PropertyMap = @"\.map\(\s*\(?\s*(?<v>[A-Za-z_$][\w$]*)\s*\)?\s*=>\s*\k<v>\.(?<prop>[A-Za-z_$][\w$]*)\s*\)";

    /// <summary>A map that converts to numbers: <c>.map(Number)</c>, <c>.map(parseFloat)</c>, <c>.map((x) => Number(x.y))</c>, <c>.map((x) => +x)</c>.</summary>
    private const string NumberMap = @"\.map\(\s*(?:Number|parseFloat|parseInt|\(?\s*(?<w>[A-Za-z_$][\w$]*)\s*\)?\s*=>\s*(?:Number|parseFloat|parseInt|Math\.\w+)\([^()]*\)|\(?\s*[A-Za-z_$][\w$]*\s*\)?\s*=>\s*\+\s*[A-Za-z_$][\w$.]*)\s*\)";

    public static IEnumerable<IntentRepair> JavaScript(CulpritSource file)
    {
        var found = new List<(int Index, int At, string Evidence)>();
        foreach (var i in file.ReadableLines())
        {
            var line = file.Lines[i];
            foreach (var sort in OperatorText.Matches(line, @"\.sort\(\s*\)"))
            {
                if (!file.IsCode(i, sort.Index)) continue;
                var before = line[..sort.Index];
                string? evidence = null;
                if (OperatorText.Match(before, PropertyMap + "$") is { Success: true } mapped)
                    evidence = Arithmetic(file, mapped.Groups["prop"].Value);
                else if (OperatorText.IsMatch(before, NumberMap + "$"))
                    evidence = $"the array is converted to numbers (line {CulpritSource.Number(i)}: {file.Quote(i)})";
                else if (OperatorText.Match(before, @"(?<![\w$.])(?<name>[A-Za-z_$][\w$]*)$") is { Success: true } named)
                    evidence = Assigned(file, i, named.Groups["name"].Value);
                if (evidence is not null) found.Add((i, sort.Index, evidence));
            }
        }
        foreach (var (index, at, evidence) in found.OrderBy(f => Math.Abs(f.Index - file.Index)).ThenBy(f => f.Index).Take(2))
        {
            var line = file.Lines[index];
            var close = line.IndexOf(')', at);
            yield return new IntentRepair(
                $"Sort the numbers as numbers: sort() without a compare function orders them as strings (90 after 1200), and {evidence} (line {CulpritSource.Number(index)}: {file.Quote(index)})",
                file.With(index, line[..at] + ".sort((a, b) => a - b)" + line[(close + 1)..]));
        }
    }

    /// <summary>Where the file does arithmetic with a property (a difference, product, quotient or remainder), as evidence it holds numbers; or null.</summary>
    private static string? Arithmetic(CulpritSource file, string property)
    {
        var name = Regex.Escape(property);
        foreach (var i in file.ReadableLines())
        {
            var m = OperatorText.Match(file.Lines[i], $@"\.{name}\s*[-*/%]\s*[\w$(.]|[\w$)\]]\s*[-*/%]\s*[\w$.]*\.{name}\b");
            if (m.Success && file.IsCode(i, m.Index) && !OperatorText.IsMatch(m.Value, @"^\.\w+\s*--|\+\+|//|/\*"))
                return $"the code does arithmetic with {property} (line {CulpritSource.Number(i)}: {file.Quote(i)})";
        }
        return null;
    }

    /// <summary>Evidence that a name sorted in place holds numbers: assigned a few lines above from a map that says so; or null.</summary>
    private static string? Assigned(CulpritSource file, int index, string name)
    {
        var escaped = Regex.Escape(name);
        for (var i = index; i >= Math.Max(0, index - 10); i--)
        {
            if (file.Lines[i].Length > CulpritSource.MaxReadLine) continue;
            // Assigned again since (keys = keys.map(String)): what it holds now is not what it was declared with.
            if (i < index && OperatorText.Match(file.Lines[i], $@"(?<![\w$.]){escaped}\s*=(?![=>])") is { Success: true } again && file.IsCode(i, again.Index)
                && !OperatorText.IsMatch(file.Lines[i], $@"\b(?:const|let|var)\s+{escaped}\s*=")) return null;
            var assigned = OperatorText.Match(file.Lines[i], $@"\b(?:const|let|var)\s+{escaped}\s*=\s*(?<value>.*?)\s*;?\s*$");
            if (!assigned.Success || !file.IsCode(i, assigned.Index))
            {
                // Above the function that sorts, the name is another function's variable (or this one's parameter).
                if (CulpritSource.IsFunctionHeader(file.Lines[i])) return null;
                continue;
            }
            var value = assigned.Groups["value"].Value;
            if (OperatorText.Match(value, PropertyMap + "$") is { Success: true } mapped)
                return Arithmetic(file, mapped.Groups["prop"].Value) is { } arithmetic ? $"{name} is mapped from {mapped.Groups["prop"].Value}, and {arithmetic}" : null;
            return OperatorText.IsMatch(value, NumberMap + "$") ? $"{name} is converted to numbers (line {CulpritSource.Number(i)}: {file.Quote(i)})" : null;
        }
        return null;
    }
}
