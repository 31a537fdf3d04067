import unittest

from shop.invoices import average_invoice_total, invoice_total, largest_invoice

ONE = {"lines": [{"quantity": 2, "unit_price": 5}]}
TWO = {"lines": [{"quantity": 1, "unit_price": 30}]}


class InvoiceTests(unittest.TestCase):
    def test_invoice_total(self):
        self.assertEqual(invoice_total(ONE), 10)

    def test_average(self):
        self.assertEqual(average_invoice_total([ONE, TWO]), 20)

    def test_average_of_an_empty_month_is_zero(self):
        self.assertEqual(average_invoice_total([]), 0)

    def test_largest(self):
        self.assertIs(largest_invoice([ONE, TWO]), TWO)
