using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A value refused unless it is a whole multiple of a size (<c>if (elapsed % this.slotMinutes !== 0) throw …</c>), then
/// multiplied by that size (<c>return elapsed * this.slotMinutes;</c>). Checking that a division leaves nothing over only
/// matters to code that divides: a multiple of the size times the size counts nothing the code has, and an index computed
/// that way runs past the end. The repair divides: <c>elapsed / this.slotMinutes</c> (<c>//</c> in Python). Only a product
/// of the same two operands as the check, after it in the same function, is changed.
/// </summary>
internal static class DivisibleThenMultiplied
{
    private const string Operand = @"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*";

    public static IEnumerable<IntentRepair> Find(CulpritSource file)
    {
        var python = file.Target.Language == "python";
        var check = file.Target.Language switch
        {
            "python" => $@"^\s*if\s+\(?\s*(?<x>{Operand})\s*%\s*(?<y>{Operand})\s*\)?\s*(?:!=\s*0\s*)?:",
            "javascript" or "dotnet" => $@"\bif\s*\(\s*\(?\s*(?<x>{Operand})\s*%\s*(?<y>{Operand})\s*\)?\s*(?:!==?\s*0\s*)?\)",
            _ => null,
        };
        if (check is null) yield break;
        var found = new List<(int Check, int Index, Match Product, string X, string Y)>();
        foreach (var i in file.ReadableLines())
        {
            var m = OperatorText.Match(file.Lines[i], check);
            if (!m.Success || !file.IsCode(i, m.Index) || !file.IsRejectingCheck(i)) continue;
            var (x, y) = (Regex.Escape(m.Groups["x"].Value), Regex.Escape(m.Groups["y"].Value));
            for (var j = i + 1; j < Math.Min(file.Lines.Length, i + 12); j++)
            {
                var line = file.Lines[j];
                if (line.Length > CulpritSource.MaxReadLine) continue;
                if (CulpritSource.IsFunctionHeader(line)) break;
                // Assigned again in between (elapsed = elapsed / slot + 1): the product is of what it is now.
                if (OperatorText.Match(line, $@"(?<![\w$.]){x}\s*(?:[-+*/%]?=(?![=>])|\+\+|--)|(?:\+\+|--){x}(?![\w$])") is { Success: true } assigned && file.IsCode(j, assigned.Index)) break;
                var product = OperatorText.Match(line, $@"(?<![\w$.]){x}\s*\*\s*{y}(?![\w$(\[])|(?<![\w$.]){y}\s*\*\s*{x}(?![\w$(\[])");
                if (product.Success && file.IsCode(j, product.Index))
                {
                    found.Add((i, j, product, m.Groups["x"].Value, m.Groups["y"].Value));
                    break;
                }
            }
        }
        foreach (var (at, index, product, x, y) in found.OrderBy(f => Math.Abs(f.Index - file.Index)).ThenBy(f => f.Index).Take(2))
        {
            var line = file.Lines[index];
            var quotient = $"{x} {(python ? "//" : "/")} {y}";
            yield return new IntentRepair(
                $"Divide {x} by {y}: the function refuses {x} unless it is a whole multiple of {y} (line {CulpritSource.Number(at)}: {file.Quote(at)}), which only matters to a division, " +
                $"and then multiplies the two (line {CulpritSource.Number(index)}: {file.Quote(index)})",
                file.With(index, line[..product.Index] + quotient + line[(product.Index + product.Length)..]));
        }
    }
}
