"""Replays a day of the hire desk's log and prints the receipts and the day's takings."""
import sys

from rentals.fleet import Boat, Fleet
from rentals.pricing import pounds

RACK = [Boat("S1", "single"), Boat("S2", "single"), Boat("D1", "double"), Boat("SUP1", "sup")]


def minutes(clock):
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


fleet = Fleet(RACK)
path = sys.argv[1] if len(sys.argv) > 1 else "logs/2024-07-20.txt"
with open(path, encoding="utf-8") as log:
    for line in log:
        if not line.strip() or line.startswith("#"):
            continue
        clock, action, *rest = line.split()
        if action == "out":
            kind, customer = rest
            if fleet.available(kind) == 0:
                print(f"{clock} sorry {customer}, no {kind} free")
                continue
            boat = fleet.rent(kind, customer, minutes(clock))
            print(f"{clock} {customer} takes {boat.number}")
        else:
            customer, pence = fleet.bring_back(rest[0], minutes(clock))
            print(f"{clock} {customer} brings back {rest[0]}: {pounds(pence)}")
print(f"takings {pounds(fleet.takings)}, {len(fleet.out)} still out")
