"""The seating plan of one exam session: every candidate at a desk, in candidate-number order."""
import csv
from dataclasses import dataclass

OWN_ROOM = {"reader", "scribe"}


@dataclass(frozen=True)
class Candidate:
    number: str
    name: str
    arrangement: str = ""  # "", "extra time", "reader" or "scribe"

    @property
    def own_room(self) -> bool:
        return self.arrangement in OWN_ROOM


def read_candidates(text: str) -> list:
    rows = csv.DictReader(text.splitlines())
    candidates = [Candidate(row["number"], row["name"], row["arrangement"].strip().lower()) for row in rows]
    return sorted(candidates, key=lambda c: c.number)


class SeatingPlan:
    """Candidates with a reader or a scribe sit in a separate room; everyone else fills the halls in the order given.
    The exams office books enough desks for every entry before the plan is made (see enough_desks)."""

    def __init__(self, rooms):
        self.rooms = rooms
        self.places = {}  # candidate number -> (room name, desk)

    def _room_for(self, candidate):
        rooms = [room for room in self.rooms if room.separate == candidate.own_room and room.free > 0]
        return rooms[0]

    def seat(self, candidate) -> tuple:
        room = self._room_for(candidate)
        desk = room.take_desk()
        self.places[candidate.number] = (room.name, desk)
        room.seated += 1
        return self.places[candidate.number]

    def seat_all(self, candidates) -> dict:
        for candidate in candidates:
            self.seat(candidate)
        return self.places


def enough_desks(rooms, candidates) -> bool:
    own = sum(1 for c in candidates if c.own_room)
    return (sum(len(r.desks) for r in rooms if r.separate) >= own
            and sum(len(r.desks) for r in rooms if not r.separate) >= len(candidates) - own)
