import unittest

from shop.invoices import average_invoice_total

LINE = {"lines": [{"quantity": 3, "unit_price": 7}]}


class Reference(unittest.TestCase):
    def test_empty_month(self):
        self.assertEqual(average_invoice_total([]), 0)

    def test_single(self):
        self.assertEqual(average_invoice_total([LINE]), 21)

    def test_mixed(self):
        self.assertEqual(average_invoice_total([LINE, {"lines": []}]), 10.5)
