"""Prints the weekly shelf price list from the house recipes and this week's ingredient prices."""
from decimal import Decimal

from costing.recipes import load, price_list

with open("recipes/house.json", encoding="utf-8") as file:
    recipes = load(file)
with open("recipes/prices.json", encoding="utf-8") as file:
    prices = load(file)
for product, cost, price in price_list(["brioche bun", "sourdough loaf", "cinnamon bun"], recipes, prices, markup=Decimal("3.5")):
    print(f"{product:<16} cost {cost:>5}  price {price:>5}")
