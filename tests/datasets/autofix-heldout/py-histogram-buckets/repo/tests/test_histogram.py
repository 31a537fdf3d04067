import unittest

from stats.histogram import bucket_edges, histogram


class HistogramTests(unittest.TestCase):
    def test_counts(self):
        self.assertEqual(histogram([1, 2, 15, 29], 0, 30, 3), [2, 1, 1])

    def test_edges(self):
        self.assertEqual(bucket_edges(0, 30, 3), [0, 10, 20, 30])

    def test_outside_is_refused(self):
        with self.assertRaises(ValueError):
            histogram([31], 0, 30, 3)
