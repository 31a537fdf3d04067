using System.Globalization;

namespace Billing;

/// <summary>One line of a bank statement export: date;description;amount, amounts in invariant format.</summary>
public sealed record StatementLine(DateOnly Date, string Description, decimal Amount)
{
    public static StatementLine Parse(string line)
    {
        var fields = line.Split(';');
        if (fields.Length != 3) throw new FormatException($"expected date;description;amount, got '{line}'");
        return new StatementLine(
            DateOnly.ParseExact(fields[0], "yyyy-MM-dd", CultureInfo.InvariantCulture),
            fields[1],
            decimal.Parse(fields[2], NumberStyles.Number));
    }

    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Date:yyyy-MM-dd};{Description};{Amount:#,0.00}");
}

public static class Statement
{
    public static decimal Balance(IEnumerable<string> lines) => lines.Select(StatementLine.Parse).Sum(l => l.Amount);
}
