"""Prints a camp's tent plan and the quartermaster's kit list from the roster."""
import sys

from camp.kit import kit_list
from camp.roster import patrols, read_roster
from camp.settings import read_camp
from camp.tents import pitch_all

folder = sys.argv[1] if len(sys.argv) > 1 else "camps/2025-whitsun"
with open(f"{folder}/camp.ini", encoding="utf-8") as file:
    name, berths = read_camp(file.read())
with open(f"{folder}/roster.csv", encoding="utf-8") as file:
    campers = read_roster(file.read())

tents = pitch_all(patrols(campers), berths)
print(name)
for tent in tents:
    print(f"  {tent.label:<12} ({len(tent.campers)}/{tent.berths})  {', '.join(tent.campers)}")
kit = kit_list(tents, campers)
print("Kit")
print("  tents:   " + ", ".join(f"{count} x {size}-berth" for size, count in kit.tents.items()))
print(f"  pegs:    {kit.pegs}")
print(f"  mallets: {kit.mallets}")
print(f"  meals:   {kit.meals} ({', '.join(f'{diet} {count}' for diet, count in kit.special_meals.items()) or 'none special'})")
