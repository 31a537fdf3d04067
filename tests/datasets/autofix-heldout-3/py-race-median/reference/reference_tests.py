import unittest

from results.stats import Finisher, category_summary, format_time, median, read_finishers


class Reference(unittest.TestCase):
    def test_median_of_two(self):
        self.assertEqual(median([1562, 1470]), 1516)

    def test_median_of_an_even_count(self):
        self.assertEqual(median([1638, 1138, 1426, 1220]), 1323)
        self.assertEqual(median([6, 1, 5, 2, 4, 3]), 3.5)
        self.assertEqual(median([1200, 1501]), 1350.5)

    def test_odd_counts_unchanged(self):
        self.assertEqual(median([1300, 1100, 1200]), 1200)
        self.assertEqual(median([5, 1, 4, 2, 3]), 3)
        self.assertEqual(median([1500]), 1500)

    def test_no_values_still_refused(self):
        with self.assertRaises(ValueError):
            median([])

    def test_summary_with_two_finishers_in_a_category(self):
        finishers = [Finisher(1, "a", "VW50", 1470), Finisher(2, "b", "SW", 1100), Finisher(3, "c", "VW50", 1562)]
        self.assertEqual(category_summary(finishers), [("SW", 1, 1100), ("VW50", 2, 1516)])

    def test_saturdays_results(self):
        with open("finishers/2024-06-08.csv", encoding="utf-8", newline="") as file:
            summary = category_summary(read_finishers(file))
        self.assertEqual(
            [(c, n, format_time(m)) for c, n, m in summary],
            [("SM", 5, "19:30"), ("SW", 3, "22:40"), ("VM40", 4, "22:03"), ("VM60", 1, "31:07"), ("VW50", 2, "25:16")],
        )
