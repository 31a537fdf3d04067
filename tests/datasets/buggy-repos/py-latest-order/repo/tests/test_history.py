import unittest

from orders.history import latest_order, lifetime_value

ORDERS = [{"placed_at": "2026-03-01", "total": 20}, {"placed_at": "2026-05-01", "total": 5}]


class HistoryTests(unittest.TestCase):
    def test_latest(self):
        self.assertEqual(latest_order(ORDERS)["total"], 5)

    def test_no_orders(self):
        self.assertIsNone(latest_order([]))

    def test_lifetime_value(self):
        self.assertEqual(lifetime_value(ORDERS), 25)
