"""The boats on the rack and the boats out on the water."""
from dataclasses import dataclass

from rentals.pricing import PRICES, charge


@dataclass(frozen=True)
class Boat:
    number: str
    kind: str


@dataclass(frozen=True)
class Hire:
    boat: Boat
    customer: str
    start: int  # minutes since midnight


class Fleet:
    def __init__(self, boats):
        self.boats = list(boats)
        unknown = {b.kind for b in self.boats} - PRICES.keys()
        if unknown:
            raise ValueError(f"no price for {', '.join(sorted(unknown))}")
        # Boats on the rack, per kind, in the order they came back: the one back longest goes out first.
        self.rack = {kind: [b for b in self.boats if b.kind == kind] for kind in PRICES}
        self.out = {}
        self.takings = 0

    def available(self, kind):
        """How many boats of a kind are not out on the water."""
        total = sum(1 for b in self.boats if b.kind == kind)
        return total - sum(1 for h in self.out.values() if h.boat.kind == kind)

    def rent(self, kind, customer, start):
        """Hands out the boat of this kind that has been on the rack longest. The desk asks available() first."""
        boat = self.rack[kind].pop(0)
        self.out[boat.number] = Hire(boat, customer, start)
        return boat

    def bring_back(self, number, end):
        """Ends a hire: answers the customer and what they pay, in pence."""
        if number not in self.out:
            raise KeyError(f"boat {number} is not out")
        hire = self.out.pop(number)
        pence = charge(hire.boat.kind, end - hire.start)
        self.takings += pence
        return hire.customer, pence
