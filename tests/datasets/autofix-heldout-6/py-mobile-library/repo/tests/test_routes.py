import unittest
from datetime import date

from mobile.closures import read_closures
from mobile.routes import clock, minutes, read_routes

ROUTES = """# test routes
route WED wednesday every
  09:00 30 Green
  10:00 45 School

route FRI-B friday B
  14:00 20 Quay
"""


class RoutesTest(unittest.TestCase):
    def test_reads_routes_and_stops(self):
        wed, fri = read_routes(ROUTES)
        self.assertEqual((wed.code, wed.weekday, wed.weeks), ("WED", 2, "every"))
        self.assertEqual([(s.name, s.arrive, s.stay, s.leave) for s in wed.stops], [("Green", 540, 30, 570), ("School", 600, 45, 645)])
        self.assertEqual((fri.code, fri.weekday, fri.weeks, len(fri.stops)), ("FRI-B", 4, "B", 1))
        self.assertIs(wed.by_name["School"], wed.stops[1])

    def test_refuses_bad_routes(self):
        for bad in ("route X someday A\n", "route X monday C\n", "  09:00 30 Green\n",
                    "route X monday A\n  09:00 30 Green\n  09:00 30 Green\n",
                    "route X monday A\n  09:00 30 Green\n  09:20 30 Lane\n",
                    "route X monday A\n  9:5 30 Green\n"):
            with self.assertRaises(ValueError, msg=bad):
                read_routes(bad)

    def test_clock(self):
        self.assertEqual(minutes("13:05"), 785)
        self.assertEqual(clock(785), "13:05")


class ClosuresTest(unittest.TestCase):
    def test_reads_closures_by_day(self):
        closures = read_closures("# c\n2025-03-04 | Green | fete\n2025-03-04 | Quay | tide\n2025-03-05 | Green | fete\n")
        self.assertEqual(closures, {date(2025, 3, 4): {"Green": "fete", "Quay": "tide"}, date(2025, 3, 5): {"Green": "fete"}})

    def test_refuses_bad_lines(self):
        with self.assertRaises(ValueError):
            read_closures("2025-03-04 | Green\n")
        with self.assertRaises(ValueError):
            read_closures("04/03/2025 | Green | fete\n")


if __name__ == "__main__":
    unittest.main()
