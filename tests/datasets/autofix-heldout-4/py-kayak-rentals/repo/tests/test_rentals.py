import unittest

from rentals.fleet import Boat, Fleet
from rentals.pricing import charge, pounds

RACK = [Boat("S1", "single"), Boat("S2", "single"), Boat("S3", "single"), Boat("D1", "double")]


class PricingTests(unittest.TestCase):
    def test_first_hour_then_half_hours(self):
        self.assertEqual(charge("single", 45), 1500)
        self.assertEqual(charge("single", 60), 1500)
        self.assertEqual(charge("single", 61), 2000)
        self.assertEqual(charge("double", 120), 4000)

    def test_pounds(self):
        self.assertEqual(pounds(2405), "£24.05")


class FleetTests(unittest.TestCase):
    def test_the_boat_on_the_rack_longest_goes_out_first(self):
        fleet = Fleet(RACK)
        self.assertEqual(fleet.rent("single", "Hughes", 600).number, "S1")
        self.assertEqual(fleet.rent("single", "Kaur", 610).number, "S2")
        self.assertEqual(fleet.available("single"), 1)
        self.assertEqual(fleet.available("double"), 1)

    def test_bringing_a_boat_back(self):
        fleet = Fleet(RACK)
        fleet.rent("double", "Lam", 600)
        self.assertEqual(fleet.bring_back("D1", 700), ("Lam", 4000))
        self.assertEqual(fleet.available("double"), 1)
        self.assertEqual(fleet.takings, 4000)
        self.assertEqual(fleet.out, {})

    def test_a_boat_that_is_not_out(self):
        with self.assertRaises(KeyError):
            Fleet(RACK).bring_back("S1", 700)

    def test_every_kind_has_a_price(self):
        with self.assertRaises(ValueError):
            Fleet([Boat("C1", "canoe")])
