import unittest

from shop.chairs import Shop
from shop.clock import clock, minutes


class ClockTests(unittest.TestCase):
    def test_round_trip(self):
        self.assertEqual(minutes("09:45"), 585)
        self.assertEqual(clock(585), "09:45")
        with self.assertRaises(ValueError):
            minutes("9:5")


class ShopTests(unittest.TestCase):
    def setUp(self):
        self.shop = Shop(["Dev", "Kemal"])
        self.shop.book("Dev", minutes("09:00"), 30, "Aldo")
        self.shop.book("Kemal", minutes("09:00"), 60, "Chidi")

    def test_overlaps_and_closed_hours_are_refused(self):
        with self.assertRaises(ValueError):
            self.shop.book("Dev", minutes("09:15"), 30, "Bryn")
        with self.assertRaises(ValueError):
            self.shop.book("Dev", minutes("17:45"), 30, "Bryn")

    def test_next_free(self):
        self.assertEqual(self.shop.next_free("Dev", minutes("09:10")), minutes("09:30"))
        self.assertEqual(self.shop.next_free("Dev", minutes("09:40")), minutes("09:40"))

    def test_a_walk_in_goes_to_the_barber_free_soonest(self):
        self.assertEqual(self.shop.walk_in("Fionn", minutes("09:05"), 30), ("Dev", minutes("09:30")))
        self.assertEqual(self.shop.walk_in("Gus", minutes("09:06"), 30), ("Dev", minutes("10:00")))
        self.assertEqual([c for _, _, c in self.shop.bookings["Dev"]], ["Aldo", "Fionn", "Gus"])
