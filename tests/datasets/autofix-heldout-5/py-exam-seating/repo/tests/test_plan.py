import unittest

from seating.plan import Candidate, SeatingPlan, enough_desks, read_candidates
from seating.rooms import Room


def rooms():
    return [Room("Hall", ["A1", "A2", "A3"]), Room("Studio", ["D1", "D2"]), Room("Library", ["L1"], separate=True)]


class PlanTests(unittest.TestCase):
    def test_read_candidates_in_number_order(self):
        candidates = read_candidates("number,name,arrangement\n0102,Bo,\n0007,Al, Reader\n")
        self.assertEqual(candidates, [Candidate("0007", "Al", "reader"), Candidate("0102", "Bo", "")])

    def test_first_candidate_at_the_front_of_the_hall(self):
        self.assertEqual(SeatingPlan(rooms()).seat(Candidate("1", "Al")), ("Hall", "A1"))

    def test_reader_in_the_separate_room(self):
        plan = SeatingPlan(rooms())
        places = plan.seat_all([Candidate("1", "Al"), Candidate("2", "Bo", "reader")])
        self.assertEqual(places, {"1": ("Hall", "A1"), "2": ("Library", "L1")})

    def test_enough_desks(self):
        self.assertTrue(enough_desks(rooms(), [Candidate(str(n), "x") for n in range(5)] + [Candidate("9", "y", "scribe")]))
        self.assertFalse(enough_desks(rooms(), [Candidate("1", "x", "reader"), Candidate("2", "y", "scribe")]))
