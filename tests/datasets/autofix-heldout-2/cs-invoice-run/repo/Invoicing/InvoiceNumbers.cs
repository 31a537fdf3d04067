namespace Invoicing;

/// <summary>
/// The gapless invoice number sequence tax law requires (INV-2024-00001, INV-2024-00002, …):
/// every number handed out belongs to exactly one issued invoice.
/// </summary>
public sealed class InvoiceNumbers(int year, int next = 1)
{
    public int Year => year;

    /// <summary>The number the next invoice will get.</summary>
    public string Peek => Format(next);

    public string Take() => Format(next++);

    private string Format(int n) => $"INV-{year}-{n:D5}";
}
