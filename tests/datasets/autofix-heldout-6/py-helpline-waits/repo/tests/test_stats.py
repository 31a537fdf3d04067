import unittest

from helpline.calls import Call
from helpline.settings import label, read_settings
from helpline.stats import percentile, summarise, within


class PercentileTest(unittest.TestCase):
    def test_median_of_odd_count(self):
        self.assertEqual(percentile([50, 15, 40, 20, 35], 50), 35)

    def test_ninetieth_of_five(self):
        self.assertEqual(percentile([50, 15, 40, 20, 35], 90), 50)

    def test_low_percentile(self):
        self.assertEqual(percentile([50, 15, 40, 20, 35], 30), 20)

    def test_refuses_no_values_and_bad_percentiles(self):
        with self.assertRaises(ValueError):
            percentile([], 50)
        for bad in (0, -5, 101):
            with self.assertRaises(ValueError):
                percentile([1, 2, 3], bad)


class WithinTest(unittest.TestCase):
    def test_share_within_target(self):
        self.assertEqual(within([10, 60, 61, 200], 60), 50.0)
        self.assertEqual(within([10, 20, 90], 60), 66.7)


class SummariseTest(unittest.TestCase):
    def test_queue_day(self):
        calls = [
            Call("A", "waste", 0, 30, 100),
            Call("B", "waste", 10, None, 70),
            Call("C", "waste", 20, 110, 300),
            Call("D", "waste", 30, 45, 60),
        ]
        day = summarise("waste", calls, 60, [50])
        self.assertEqual((day.offered, day.answered, day.abandoned_pct, day.service_level), (4, 3, 25.0, 66.7))
        self.assertEqual(day.waits, {50: 30})


class SettingsTest(unittest.TestCase):
    def test_reads_percentiles_and_targets(self):
        percentiles, targets = read_settings("[report]\npercentiles = 50 90\n[targets]\ndefault = 60\nwaste = 30\n")
        self.assertEqual(percentiles, [50, 90])
        self.assertEqual(targets, {"housing": 60, "council-tax": 60, "waste": 30})

    def test_labels(self):
        self.assertEqual(label(90), "p90")
        self.assertEqual(label(100), "longest")


if __name__ == "__main__":
    unittest.main()
