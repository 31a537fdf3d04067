import unittest
from datetime import datetime

from oncall.roster import OverlapError, Shift, add_shift, hours_on_call, weekly_shifts

MONDAY = datetime(2024, 5, 6)


class RosterTests(unittest.TestCase):
    def test_overlapping_shift_is_refused(self):
        roster = [Shift("ana", datetime(2024, 5, 6, 8), datetime(2024, 5, 6, 20))]
        with self.assertRaises(OverlapError):
            add_shift(Shift("ana", datetime(2024, 5, 6, 19), datetime(2024, 5, 7, 7)), roster)

    def test_roster_is_kept_in_time_order(self):
        roster = [Shift("ana", datetime(2024, 5, 8, 8), datetime(2024, 5, 8, 20))]
        add_shift(Shift("ana", datetime(2024, 5, 6, 8), datetime(2024, 5, 6, 20)), roster)
        self.assertEqual([s.start.day for s in roster], [6, 8])

    def test_week_of_one_engineer(self):
        roster = weekly_shifts("ana", MONDAY, [0, 2, 4])
        self.assertEqual([s.start.weekday() for s in roster], [0, 2, 4])
        self.assertEqual(hours_on_call(roster), 36)
