import unittest
from datetime import datetime

from oncall.roster import OverlapError, Shift, add_shift, hours_on_call, weekly_shifts

MONDAY = datetime(2024, 5, 13)


class Reference(unittest.TestCase):
    def test_each_engineer_gets_an_own_roster(self):
        ana = weekly_shifts("ana", MONDAY, [0, 2, 4])
        bo = weekly_shifts("bo", MONDAY, [0, 3])
        self.assertEqual([s.engineer for s in ana], ["ana"] * 3)
        self.assertEqual([s.engineer for s in bo], ["bo"] * 2)
        self.assertEqual(hours_on_call(bo), 24)

    def test_new_roster_when_none_is_given(self):
        first = add_shift(Shift("ana", datetime(2024, 5, 13, 8), datetime(2024, 5, 13, 20)))
        second = add_shift(Shift("bo", datetime(2024, 5, 13, 8), datetime(2024, 5, 13, 20)))
        self.assertEqual(len(first), 1)
        self.assertEqual(len(second), 1)
        self.assertIsNot(first, second)

    def test_same_week_planned_twice_is_the_same(self):
        self.assertEqual(weekly_shifts("ana", MONDAY, [1, 5]), weekly_shifts("ana", MONDAY, [1, 5]))

    def test_overlap_within_one_roster_still_refused(self):
        with self.assertRaises(OverlapError):
            weekly_shifts("ana", MONDAY, [0, 0])
