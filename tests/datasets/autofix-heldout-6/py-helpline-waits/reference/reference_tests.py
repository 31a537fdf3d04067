import subprocess
import sys
import unittest

from helpline.calls import by_queue, read_calls
from helpline.settings import read_settings
from helpline.stats import percentile, summarise

HOUSING = [45, 130, 210, 64, 15, 172, 99, 120, 38, 260]


class Reference(unittest.TestCase):
    def test_hundredth_percentile_is_the_longest(self):
        self.assertEqual(percentile(HOUSING, 100), 260)
        self.assertEqual(percentile([7], 100), 7)
        self.assertEqual(percentile([3, 9, 4], 100), 9)

    def test_nearest_rank_when_the_rank_is_whole(self):
        # 90% of 10 values is 9 values: the 9th smallest
        self.assertEqual(percentile(HOUSING, 90), 210)
        # 50% of 10 values is 5 values: the 5th smallest
        self.assertEqual(percentile(HOUSING, 50), 99)
        self.assertEqual(percentile([10, 20, 30, 40], 25), 10)
        self.assertEqual(percentile([10, 20, 30, 40], 75), 30)

    def test_nearest_rank_when_the_rank_is_fractional(self):
        self.assertEqual(percentile([50, 15, 40, 20, 35], 50), 35)
        self.assertEqual(percentile([50, 15, 40, 20, 35], 90), 50)
        self.assertEqual(percentile([50, 15, 40, 20, 35], 1), 15)

    def test_still_refuses_bad_input(self):
        with self.assertRaises(ValueError):
            percentile([], 100)
        for bad in (0, 100.5, 150):
            with self.assertRaises(ValueError):
                percentile([1, 2, 3], bad)

    def test_march_twelfth(self):
        with open("report.ini", encoding="utf-8") as file:
            percentiles, targets = read_settings(file.read())
        with open("logs/2025-03-12.csv", encoding="utf-8") as file:
            grouped = by_queue(read_calls(file.read()))
        days = {queue: summarise(queue, calls, targets[queue], percentiles) for queue, calls in grouped.items()}
        housing, tax, waste = days["housing"], days["council-tax"], days["waste"]
        self.assertEqual((housing.offered, housing.answered, housing.abandoned_pct, housing.service_level), (12, 10, 16.7, 60.0))
        self.assertEqual(housing.waits, {50: 99, 90: 210, 100: 260})
        self.assertEqual((tax.offered, tax.answered, tax.abandoned_pct, tax.service_level), (8, 7, 12.5, 57.1))
        self.assertEqual(tax.waits, {50: 55, 90: 95, 100: 95})
        self.assertEqual((waste.offered, waste.answered, waste.abandoned_pct, waste.service_level), (5, 5, 0.0, 80.0))
        self.assertEqual(waste.waits, {50: 33, 90: 81, 100: 81})

    def test_report_prints_every_queue(self):
        run = subprocess.run([sys.executable, "waits_report.py"], capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        lines = run.stdout.splitlines()
        self.assertEqual(len(lines), 4)
        self.assertTrue(lines[1].startswith("housing") and lines[1].endswith("p50 99s  p90 210s  longest 260s"), lines[1])
        self.assertTrue(lines[2].startswith("council-tax") and lines[2].endswith("p50 55s  p90 95s  longest 95s"), lines[2])
        self.assertTrue(lines[3].startswith("waste") and lines[3].endswith("p50 33s  p90 81s  longest 81s"), lines[3])


if __name__ == "__main__":
    unittest.main()
