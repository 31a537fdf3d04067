using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A flat index of a grid stored row after row, <c>row * Rows + column</c>, that multiplies a value by its own bound: the file's
/// range checks say <c>row</c> runs below <c>Rows</c> and <c>column</c> up to <c>Columns</c>, so <c>Rows</c> is how many rows
/// there are, not how long one is, and the slots of different rows overlap or run past the end. The stride is the other value's
/// bound: <c>row * Columns + column</c>. Without checks that bound both values, nothing says which is the row length.
/// </summary>
internal static partial class GridStride
{
    [GeneratedRegex(@"(?<![\w$.])(?<value>[A-Za-z_$][\w$]*)\s*(?<op>>=|>)\s*(?<bound>[A-Za-z_$][\w$.]*)", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex Above();

    [GeneratedRegex(@"(?<![\w$.])(?<value>[A-Za-z_$][\w$]*)\s*\*\s*(?<stride>(?:this\.|self\.)?[A-Za-z_$][\w$]*)\s*\+\s*(?<rest>\(?\s*(?<other>[A-Za-z_$][\w$]*)[^;,)\]]*\)?)", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex FlatIndex();

    public static IEnumerable<IntentRepair> Find(CulpritSource file)
    {
        if (!file.HasLine) yield break;
        // Each value's bound, from a check that rejects it at or above the bound.
        var bounds = new Dictionary<string, (string Bound, int Line)>(StringComparer.Ordinal);
        foreach (var i in file.ReadableLines().Where(file.IsRejectingCheck))
        {
            foreach (Match above in Above().Matches(file.Lines[i]))
                if (file.IsCode(i, above.Index)) bounds.TryAdd(above.Groups["value"].Value, (above.Groups["bound"].Value, i));
        }
        if (bounds.Count < 2) yield break;
        foreach (var i in file.ReadableLines().OrderBy(i => Math.Abs(i - file.Index)))
        {
            foreach (Match index in FlatIndex().Matches(file.Lines[i]))
            {
                var (value, stride, other) = (index.Groups["value"].Value, index.Groups["stride"].Value, index.Groups["other"].Value);
                if (!file.IsCode(i, index.Index) || value == other) continue;
                if (!bounds.TryGetValue(value, out var own) || OperatorText.LastName(own.Bound) != OperatorText.LastName(stride)) continue;
                if (!bounds.TryGetValue(other, out var length) || OperatorText.LastName(length.Bound) == OperatorText.LastName(stride)) continue;
                // Read the way the stride is read (self.cols for self.rows), else as the check wrote it (self.cols where a local rows stood).
                var qualifier = stride[..(stride.Length - OperatorText.LastName(stride).Length)];
                var row = qualifier.Length > 0 ? qualifier + OperatorText.LastName(length.Bound) : length.Bound;
                var at = index.Groups["stride"].Index;
                var line = file.Lines[i];
                yield return new IntentRepair(
                    $"Step a row by its length: {value} runs below {own.Bound} (line {CulpritSource.Number(own.Line)}: {file.Quote(own.Line)}), so {stride} counts the rows; " +
                    $"a row holds {length.Bound}, the bound of {other} (line {CulpritSource.Number(length.Line)}) (line {CulpritSource.Number(i)}: {file.Quote(i)})",
                    file.With(i, line[..at] + row + line[(at + stride.Length)..]));
                yield break;
            }
        }
    }
}
