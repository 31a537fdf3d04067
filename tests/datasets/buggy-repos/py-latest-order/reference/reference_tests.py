import unittest

from orders.history import latest_order


class Reference(unittest.TestCase):
    def test_none_for_new_customer(self):
        self.assertIsNone(latest_order([]))

    def test_order_by_date_not_position(self):
        orders = [{"placed_at": "2026-09-01", "total": 1}, {"placed_at": "2026-01-01", "total": 2}]
        self.assertEqual(latest_order(orders)["total"], 1)
