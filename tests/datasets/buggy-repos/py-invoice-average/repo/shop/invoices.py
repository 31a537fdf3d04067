"""Invoice arithmetic for the monthly sales report."""


def invoice_total(invoice):
    return sum(line["quantity"] * line["unit_price"] for line in invoice["lines"])


def average_invoice_total(invoices):
    totals = [invoice_total(invoice) for invoice in invoices]
    return sum(totals) / len(totals)


def largest_invoice(invoices):
    return max(invoices, key=invoice_total, default=None)
