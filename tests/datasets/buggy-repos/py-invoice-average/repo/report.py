"""Prints the sales report for a month; this month nothing has been invoiced yet."""
from shop.invoices import average_invoice_total

invoices_this_month = []
print("average invoice:", average_invoice_total(invoices_this_month))
