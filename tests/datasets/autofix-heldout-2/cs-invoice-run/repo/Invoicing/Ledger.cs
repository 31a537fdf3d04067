namespace Invoicing;

public sealed record Order(string Customer, decimal Amount);

public sealed record Invoice(string Number, string Customer, decimal Amount);

/// <summary>The books: every issued invoice by its number.</summary>
public sealed class Ledger
{
    private readonly Dictionary<string, Invoice> byNumber = new(StringComparer.Ordinal);

    public int Count => byNumber.Count;

    public void Record(IEnumerable<Invoice> invoices)
    {
        foreach (var invoice in invoices)
            if (!byNumber.TryAdd(invoice.Number, invoice)) throw new InvalidOperationException($"{invoice.Number} is already in the books");
    }

    public string Statement(string number)
    {
        var invoice = byNumber[number];
        return $"{invoice.Number}  {invoice.Customer,-12} {invoice.Amount,10:0.00}";
    }
}
