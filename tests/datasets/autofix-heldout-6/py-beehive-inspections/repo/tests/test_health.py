import unittest
from datetime import date

from apiary.health import alerts, sites, week
from apiary.hives import Hive
from apiary.records import Inspection

DAY = date(2025, 6, 10)


def inspection(hive, day, brood=5, stores=4, seen=True, cells=0, temper=2):
    return Inspection(hive, date(2025, 6, day), brood, stores, seen, cells, temper)


class AlertsTest(unittest.TestCase):
    def test_healthy_hive(self):
        self.assertEqual(alerts([inspection("H1", 2), inspection("H1", 8)], DAY), ())

    def test_feed_and_swarm(self):
        self.assertEqual(alerts([inspection("H1", 8, stores=2, cells=3)], DAY), ("FEED", "SWARM RISK (3 queen cells)"))

    def test_queenless_brood_down_defensive(self):
        history = [inspection("H1", 1, brood=3), inspection("H1", 8, brood=0, seen=False, temper=4)]
        self.assertEqual(alerts(history, DAY), ("QUEENLESS?", "BROOD DOWN 3->0", "DEFENSIVE"))

    def test_overdue(self):
        self.assertEqual(alerts([inspection("H1", 1)], DAY), ())
        self.assertEqual(alerts([inspection("H1", 1)], date(2025, 6, 11)), ("OVERDUE",))


class WeekTest(unittest.TestCase):
    def test_hives_in_list_order_with_their_latest(self):
        hives = [Hive("H2", "Orchard", 2023), Hive("H1", "Orchard", 2024), Hive("H3", "Allotments", 2022)]
        weeks = week(hives, [inspection("H1", 2), inspection("H1", 8, stores=1), inspection("H2", 9)], DAY)
        self.assertEqual([(w.hive, w.latest.day.day, w.alerts) for w in weeks], [("H2", 9, ()), ("H1", 8, ("FEED",))])
        self.assertEqual(sites(weeks), {"Orchard": (2, 10, 1)})

    def test_ignores_inspections_after_the_report_day(self):
        weeks = week([Hive("H1", "Orchard", 2024)], [inspection("H1", 8), inspection("H1", 12, stores=1)], DAY)
        self.assertEqual(weeks[0].latest.day, date(2025, 6, 8))

    def test_refuses_an_unknown_hive(self):
        with self.assertRaises(ValueError):
            week([Hive("H1", "Orchard", 2024)], [inspection("H9", 8)], DAY)


if __name__ == "__main__":
    unittest.main()
