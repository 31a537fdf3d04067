import unittest

from limits.window import SlidingWindow


class WindowTests(unittest.TestCase):
    def test_first_request(self):
        self.assertTrue(SlidingWindow(1, 10).allow(0))

    def test_limit_within_window(self):
        window = SlidingWindow(2, 10)
        self.assertEqual([window.allow(t) for t in (0, 1, 2)], [True, True, False])

    def test_old_hit_slides_out(self):
        window = SlidingWindow(2, 10)
        window.allow(0)
        window.allow(5)
        self.assertTrue(window.allow(11))
