"""Ingredient costing for the bakery's recipes.

A recipe `makes` an amount of its product (2 loaves, 400 g of levain) and `uses` amounts of its
ingredients. An ingredient is either bought (it has a price per unit in the price list) or made
in-house from another recipe (levain, sweet dough, a filling), and then costs what that recipe
makes it cost.
"""
import json
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def load(file) -> dict:
    return json.load(file, parse_float=Decimal)


def unit_cost(name: str, recipes: dict, prices: dict) -> Decimal:
    """Ingredient cost of one unit of what the recipe makes (one loaf, one gram of levain)."""
    recipe = recipes[name]
    total = Decimal(0)
    for item, quantity in recipe["uses"].items():
        if item in recipes:
            total += quantity * unit_cost(name, recipes, prices)
        else:
            total += quantity * prices[item]
    return total / recipe["makes"]


def price_list(products, recipes: dict, prices: dict, markup: Decimal) -> list:
    """(product, ingredient cost, shelf price) per product, to the cent; the shelf price is the cost times the markup."""
    rows = []
    for product in products:
        cost = unit_cost(product, recipes, prices)
        rows.append((product, cost.quantize(CENT, ROUND_HALF_UP), (cost * markup).quantize(CENT, ROUND_HALF_UP)))
    return rows
