using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A C# <c>OverflowException</c> on a line that multiplies (<c>var offset = index * ChunkSize;</c>) in a
/// file that already keeps such quantities in <c>long</c>: two <c>int</c>s multiply in <c>int</c>, whatever
/// the result is stored in, so the product passes <c>int.MaxValue</c> before it is widened (and a checked
/// build throws). The repair widens the first operand, <c>(long)index * ChunkSize</c>, so the product is
/// computed in the type the file stores it in. Where the result must stay an <c>int</c>, the build says
/// so and the candidate fails; without a <c>long</c> in the file nothing says a wider type is meant.
/// </summary>
internal static partial class WidenedProduct
{
    [GeneratedRegex(@"(?<![\w.)\]])(?<left>[A-Za-z_][\w.]*(?:\[[^\[\]]*\])?)\s*\*(?!=)\s*(?<right>[A-Za-z_(][\w.]*)", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex Product();

    [GeneratedRegex(@"\b(?:long|Int64|ulong|UInt64)\b", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex Wide();

    [GeneratedRegex(@"^(?:int|uint|long|ulong|short|ushort|byte|sbyte|char|float|double|decimal|bool|void|nint|nuint|object|string)$", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex TypeName();

    public static IEnumerable<IntentRepair> CSharp(CulpritSource file)
    {
        if (file.Target.Category != "arithmetic" || file.Target.Message is not { } message || !message.Contains("overflow", StringComparison.OrdinalIgnoreCase) || !file.HasLine) yield break;
        if (file.Line.Length > 2_000) yield break;
        // The first product in code (not in a string), whose left side is a value (not a type, as in a pointer declaration).
        var product = Product().Matches(file.Line).FirstOrDefault(m => BraceLineText.InCode(file.Line, m.Index) && !TypeName().IsMatch(m.Groups["left"].Value)) ?? Match.Empty;
        // A line that already widens somewhere is not this bug: a second cast would change nothing that overflows.
        if (!product.Success || OperatorText.IsMatch(file.Line, @"\((?:long|Int64|ulong|UInt64|decimal|double)\)")) yield break;
        var evidence = Enumerable.Range(0, file.Lines.Length).Where(i => i != file.Index).FirstOrDefault(i => file.Lines[i].Length <= 2_000 && Wide().IsMatch(file.Lines[i]) && !file.Lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal), -1);
        if (evidence < 0) yield break;
        var left = product.Groups["left"];
        yield return new IntentRepair(
            $"Multiply in long: {left.Value} * {product.Groups["right"].Value} is computed in int and overflows before it is stored, and this file keeps such values in long " +
            $"(line {CulpritSource.Number(evidence)}: {file.Quote(evidence)})",
            file.With(file.Index, file.Line[..left.Index] + "(long)" + file.Line[left.Index..]));
    }
}
