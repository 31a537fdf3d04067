import io
import unittest
from decimal import Decimal

from costing.recipes import load, price_list, unit_cost

PRICES = {"flour": Decimal("0.001"), "water": Decimal("0"), "salt": Decimal("0.002"), "butter": Decimal("0.008"), "eggs": Decimal("0.30")}


class UnitCostTests(unittest.TestCase):
    def test_bought_ingredients(self):
        recipes = {"baguette": {"makes": 4, "uses": {"flour": 1000, "water": 700, "salt": 20}}}
        self.assertEqual(unit_cost("baguette", recipes, PRICES), Decimal("0.26"))

    def test_cost_per_gram(self):
        recipes = {"levain": {"makes": 400, "uses": {"flour": 200, "water": 200}}}
        self.assertEqual(unit_cost("levain", recipes, PRICES), Decimal("0.0005"))

    def test_ingredient_without_a_price(self):
        with self.assertRaises(KeyError):
            unit_cost("bun", {"bun": {"makes": 1, "uses": {"saffron": 1}}}, PRICES)


class PriceListTests(unittest.TestCase):
    def test_rounded_to_the_cent(self):
        recipes = load(io.StringIO('{"brioche": {"makes": 12, "uses": {"flour": 500, "butter": 250, "eggs": 5}}}'))
        self.assertEqual(price_list(["brioche"], recipes, PRICES, Decimal("2.9")), [("brioche", Decimal("0.33"), Decimal("0.97"))])
