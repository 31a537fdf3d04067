using Invoicing;

namespace Invoicing.Tests;

public class InvoicingTests
{
    [Fact]
    public void Numbers_follow_each_other()
    {
        var numbers = new InvoiceNumbers(2024, next: 41);
        Assert.Equal("INV-2024-00041", numbers.Take());
        Assert.Equal("INV-2024-00042", numbers.Peek);
    }

    [Fact]
    public void Orders_with_nothing_to_pay_get_no_invoice()
    {
        var run = new MonthEnd(new InvoiceNumbers(2024), new Ledger());
        var invoices = run.Issue([new("acme", 120m), new("globex", 0m), new("initech", 80.5m)]).ToList();
        Assert.Equal(["INV-2024-00001 acme", "INV-2024-00002 initech"], invoices.Select(i => $"{i.Number} {i.Customer}"));
    }

    [Fact]
    public void Ledger_refuses_a_number_twice()
    {
        var ledger = new Ledger();
        ledger.Record([new Invoice("INV-2024-00001", "acme", 1m)]);
        Assert.Throws<InvalidOperationException>(() => ledger.Record([new Invoice("INV-2024-00001", "globex", 2m)]));
        Assert.Equal("INV-2024-00001  acme               1.00", ledger.Statement("INV-2024-00001"));
    }
}
