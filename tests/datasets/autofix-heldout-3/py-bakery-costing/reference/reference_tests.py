import unittest
from decimal import Decimal

from costing.recipes import load, price_list, unit_cost

PRICES = {"flour": Decimal("0.001"), "rye": Decimal("0.002"), "water": Decimal("0"), "salt": Decimal("0.002"), "butter": Decimal("0.008"), "eggs": Decimal("0.30")}
MICRO = Decimal("0.000001")


class Reference(unittest.TestCase):
    def test_ingredient_made_in_house(self):
        recipes = {
            "levain": {"makes": 400, "uses": {"flour": 200, "water": 200}},
            "loaf": {"makes": 2, "uses": {"flour": 900, "water": 600, "salt": 20, "levain": 200}},
        }
        self.assertEqual(unit_cost("loaf", recipes, PRICES), Decimal("0.52"))

    def test_two_levels_of_recipes(self):
        recipes = {
            "starter": {"makes": 100, "uses": {"rye": 50, "water": 50}},
            "levain": {"makes": 500, "uses": {"flour": 200, "water": 200, "starter": 100}},
            "loaf": {"makes": 1, "uses": {"flour": 500, "levain": 250}},
        }
        self.assertEqual(unit_cost("levain", recipes, PRICES).quantize(MICRO), Decimal("0.000600"))
        self.assertEqual(unit_cost("loaf", recipes, PRICES), Decimal("0.65"))

    def test_two_made_ingredients_in_one_recipe(self):
        recipes = {
            "dough": {"makes": 1000, "uses": {"flour": 600, "butter": 100, "eggs": 2}},
            "glaze": {"makes": 100, "uses": {"butter": 50, "eggs": 1}},
            "bun": {"makes": 10, "uses": {"dough": 800, "glaze": 50}},
        }
        self.assertEqual(unit_cost("bun", recipes, PRICES).quantize(MICRO), Decimal("0.195000"))

    def test_bought_ingredients_unchanged(self):
        recipes = {"baguette": {"makes": 4, "uses": {"flour": 1000, "water": 700, "salt": 20}}}
        self.assertEqual(unit_cost("baguette", recipes, PRICES), Decimal("0.26"))

    def test_missing_price_inside_a_made_ingredient(self):
        recipes = {"filling": {"makes": 100, "uses": {"saffron": 1}}, "bun": {"makes": 1, "uses": {"filling": 10}}}
        with self.assertRaises(KeyError):
            unit_cost("bun", recipes, PRICES)

    def test_this_weeks_price_list(self):
        with open("recipes/house.json", encoding="utf-8") as file:
            recipes = load(file)
        with open("recipes/prices.json", encoding="utf-8") as file:
            prices = load(file)
        self.assertEqual(
            price_list(["brioche bun", "sourdough loaf", "cinnamon bun"], recipes, prices, Decimal("3.5")),
            [
                ("brioche bun", Decimal("0.38"), Decimal("1.31")),
                ("sourdough loaf", Decimal("0.55"), Decimal("1.94")),
                ("cinnamon bun", Decimal("0.40"), Decimal("1.40")),
            ],
        )
