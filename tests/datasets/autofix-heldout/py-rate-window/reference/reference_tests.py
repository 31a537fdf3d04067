import unittest

from limits.window import SlidingWindow


class Reference(unittest.TestCase):
    def test_quiet_spell_empties_the_window(self):
        window = SlidingWindow(2, 10)
        self.assertEqual([window.allow(t) for t in (0, 1, 2, 30)], [True, True, False, True])

    def test_request_after_quiet_spell_counts(self):
        window = SlidingWindow(1, 10)
        window.allow(0)
        self.assertTrue(window.allow(30))
        self.assertFalse(window.allow(31))
        self.assertEqual(window.remaining(31), 0)
