import unittest

from stats.histogram import histogram


class Reference(unittest.TestCase):
    def test_upper_bound_in_last_bucket(self):
        self.assertEqual(histogram([12, 48, 130, 260, 499, 500], 0, 500, 5), [2, 1, 1, 0, 2])

    def test_every_sample_counted(self):
        samples = [0, 10, 20, 30]
        self.assertEqual(sum(histogram(samples, 0, 30, 3)), len(samples))

    def test_lower_edges_unchanged(self):
        self.assertEqual(histogram([0, 10, 20], 0, 30, 3), [1, 1, 1])

    def test_outside_still_refused(self):
        with self.assertRaises(ValueError):
            histogram([31], 0, 30, 3)
