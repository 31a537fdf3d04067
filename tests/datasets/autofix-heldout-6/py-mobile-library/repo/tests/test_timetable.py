import unittest
from datetime import date

from mobile.routes import read_routes
from mobile.timetable import runs_on, schedule, visits, week_of

ROUTES = """route TUE-A tuesday A
  09:30 40 Ashby Green
  10:30 30 Church Lane
  11:15 45 Fleggburgh School
route TUE-B tuesday B
  09:45 45 Ormesby St Michael
route THU thursday every
  09:30 60 Mill Road
  11:00 30 Hickling Broad
"""


class WeeksTest(unittest.TestCase):
    def test_fortnight_alternates_from_the_first_a_week(self):
        self.assertEqual(week_of(date(2025, 1, 6)), "A")
        self.assertEqual(week_of(date(2025, 1, 12)), "A")
        self.assertEqual(week_of(date(2025, 1, 13)), "B")
        self.assertEqual(week_of(date(2025, 1, 20)), "A")
        self.assertEqual(week_of(date(2024, 12, 31)), "B")

    def test_runs_on(self):
        tue_a, tue_b, thu = read_routes(ROUTES)
        self.assertTrue(runs_on(tue_a, date(2025, 1, 7)))
        self.assertFalse(runs_on(tue_b, date(2025, 1, 7)))
        self.assertTrue(runs_on(tue_b, date(2025, 1, 14)))
        self.assertTrue(runs_on(thu, date(2025, 1, 9)) and runs_on(thu, date(2025, 1, 16)))
        self.assertFalse(runs_on(thu, date(2025, 1, 8)))


class VisitsTest(unittest.TestCase):
    def test_all_stops_when_nothing_is_closed(self):
        tue_a = read_routes(ROUTES)[0]
        self.assertEqual([s.name for s in visits(tue_a, {})], ["Ashby Green", "Church Lane", "Fleggburgh School"])

    def test_closed_stop_is_left_out(self):
        tue_a = read_routes(ROUTES)[0]
        stops = visits(tue_a, {"Church Lane": "hall refurbishment"})
        self.assertEqual([(s.name, s.arrive) for s in stops], [("Ashby Green", 570), ("Fleggburgh School", 675)])

    def test_other_routes_stops_are_ignored(self):
        tue_a = read_routes(ROUTES)[0]
        self.assertEqual(len(visits(tue_a, {"Mill Road": "roadworks"})), 3)


class ScheduleTest(unittest.TestCase):
    def test_one_week(self):
        routes = read_routes(ROUTES)
        days = schedule(routes, {date(2025, 1, 9): {"Mill Road": "roadworks"}}, date(2025, 1, 6), date(2025, 1, 12))
        self.assertEqual([(d.day, d.route, len(d.stops)) for d in days], [(date(2025, 1, 7), "TUE-A", 3), (date(2025, 1, 9), "THU", 1)])
        self.assertEqual(days[1].closed, {"Mill Road": "roadworks"})
        self.assertEqual(days[0].closed, {})


if __name__ == "__main__":
    unittest.main()
