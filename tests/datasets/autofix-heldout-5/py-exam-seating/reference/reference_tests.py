import unittest

from seating.plan import Candidate, SeatingPlan, read_candidates
from seating.rooms import Room, read_rooms


class Reference(unittest.TestCase):
    def test_hall_fills_desk_by_desk(self):
        hall = Room("Hall", ["A1", "A2", "A3"])
        plan = SeatingPlan([hall, Room("Studio", ["D1", "D2"])])
        places = plan.seat_all([Candidate(str(n), "x") for n in range(1, 6)])
        self.assertEqual(list(places.values()),
                         [("Hall", "A1"), ("Hall", "A2"), ("Hall", "A3"), ("Studio", "D1"), ("Studio", "D2")])
        self.assertEqual(hall.seated, 3)
        self.assertEqual(hall.free, 0)

    def test_every_desk_used_once(self):
        rooms = [Room("Hall", ["A1", "A2"]), Room("Library", ["L1", "L2"], separate=True)]
        places = SeatingPlan(rooms).seat_all([Candidate("1", "a", "reader"), Candidate("2", "b"), Candidate("3", "c", "scribe"), Candidate("4", "d")])
        self.assertEqual(places, {"1": ("Library", "L1"), "2": ("Hall", "A1"), "3": ("Library", "L2"), "4": ("Hall", "A2")})

    def test_maths_paper_one(self):
        session = "exams/2025-06-gcse-maths-p1"
        with open(f"{session}/rooms.txt", encoding="utf-8") as file:
            rooms = read_rooms(file.read())
        with open(f"{session}/candidates.csv", encoding="utf-8") as file:
            candidates = read_candidates(file.read())
        places = SeatingPlan(rooms).seat_all(candidates)
        self.assertEqual(places, {
            "4001": ("Main hall", "A1"), "4003": ("Main hall", "A2"), "4004": ("Main hall", "A3"),
            "4008": ("Library", "L1"), "4011": ("Library", "L2"), "4012": ("Main hall", "A4"),
            "4015": ("Main hall", "A5"), "4019": ("Main hall", "A6"), "4021": ("Main hall", "A7"),
            "4024": ("Main hall", "A8"), "4027": ("Drama studio", "D1"), "4030": ("Drama studio", "D2"),
        })
        self.assertEqual([room.free for room in rooms], [0, 2, 0])
