namespace Invoicing;

/// <summary>The month-end close: bill the month's orders, book the invoices, print their statements.</summary>
public sealed class MonthEnd(InvoiceNumbers numbers, Ledger ledger)
{
    /// <summary>An invoice for every order with something to pay, numbered in order.</summary>
    public IEnumerable<Invoice> Issue(IEnumerable<Order> orders) =>
        orders.Where(o => o.Amount > 0).Select(o => new Invoice(numbers.Take(), o.Customer, o.Amount));

    /// <summary>Issues and books the month's invoices; answers the statement lines to print, in number order.</summary>
    public IReadOnlyList<string> Close(IEnumerable<Order> orders)
    {
        var invoices = Issue(orders);
        ledger.Record(invoices);
        return [.. invoices.Select(i => ledger.Statement(i.Number))];
    }
}
