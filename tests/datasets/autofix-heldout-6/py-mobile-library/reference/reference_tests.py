import subprocess
import sys
import unittest
from datetime import date

from mobile.closures import read_closures
from mobile.routes import read_routes
from mobile.timetable import schedule, visits


def load():
    with open("routes.txt", encoding="utf-8") as file:
        routes = read_routes(file.read())
    with open("closures.txt", encoding="utf-8") as file:
        closures = read_closures(file.read())
    return routes, closures


class Reference(unittest.TestCase):
    def test_a_closure_does_not_change_the_route(self):
        routes, _ = load()
        tue_a = routes[0]
        first = visits(tue_a, {"Church Lane": "hall refurbishment"})
        self.assertEqual([s.name for s in first], ["Ashby Green", "Fleggburgh School", "Rollesby Village Hall", "Martham Ferry"])
        self.assertEqual([s.name for s in tue_a.stops],
                         ["Ashby Green", "Church Lane", "Fleggburgh School", "Rollesby Village Hall", "Martham Ferry"])
        self.assertEqual([s.name for s in visits(tue_a, {})],
                         ["Ashby Green", "Church Lane", "Fleggburgh School", "Rollesby Village Hall", "Martham Ferry"])

    def test_same_stop_closed_on_two_days(self):
        routes, _ = load()
        tue_a = routes[0]
        for _ in range(2):
            stops = visits(tue_a, {"Church Lane": "hall refurbishment"})
            self.assertEqual([s.name for s in stops], ["Ashby Green", "Fleggburgh School", "Rollesby Village Hall", "Martham Ferry"])

    def test_february_and_early_march(self):
        routes, closures = load()
        days = schedule(routes, closures, date(2025, 2, 1), date(2025, 3, 6))
        stops = {(d.day.isoformat(), d.route): [s.name for s in d.stops] for d in days}
        self.assertEqual(len(days), 10)
        self.assertEqual(stops[("2025-02-04", "TUE-A")], ["Ashby Green", "Fleggburgh School", "Rollesby Village Hall", "Martham Ferry"])
        self.assertEqual(stops[("2025-02-18", "TUE-A")], ["Ashby Green", "Fleggburgh School", "Rollesby Village Hall", "Martham Ferry"])
        self.assertEqual(stops[("2025-03-04", "TUE-A")],
                         ["Ashby Green", "Church Lane", "Fleggburgh School", "Rollesby Village Hall", "Martham Ferry"])
        self.assertEqual(stops[("2025-02-13", "THU")], ["Hickling Broad", "Potter Heigham", "Ludham Bridge"])
        self.assertEqual(stops[("2025-02-20", "THU")], ["Mill Road", "Hickling Broad", "Potter Heigham", "Ludham Bridge"])
        self.assertEqual(stops[("2025-02-11", "TUE-B")], ["Ormesby St Michael", "Filby Post Office", "Thurne Staithe", "Repps Green"])
        self.assertEqual(stops[("2025-02-25", "TUE-B")], ["Ormesby St Michael", "Filby Post Office", "Repps Green"])
        by_day = {(d.day.isoformat(), d.route): d.closed for d in days}
        self.assertEqual(by_day[("2025-02-18", "TUE-A")], {"Church Lane": "hall refurbishment"})
        self.assertEqual(by_day[("2025-03-04", "TUE-A")], {})

    def test_february_printout(self):
        run = subprocess.run([sys.executable, "van_schedule.py"], capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        lines = run.stdout.splitlines()
        at = lines.index("Tue 18 Feb  route TUE-A")
        self.assertEqual(lines[at + 1:at + 6], ["  09:30-10:10  Ashby Green", "  11:15-12:00  Fleggburgh School",
                                                "  13:30-14:30  Rollesby Village Hall", "  15:00-15:30  Martham Ferry",
                                                "  no visit: Church Lane (hall refurbishment)"])
        at = lines.index("Thu 27 Feb  route THU")
        self.assertEqual(lines[at + 1], "  09:30-10:30  Mill Road")


if __name__ == "__main__":
    unittest.main()
