import unittest

from helpline.calls import by_queue, read_calls, seconds

EXPORT = """call_id,queue,offered,answered,ended
C1,waste,09:00:00,09:00:40,09:03:00
C2,housing,08:59:30,,09:01:00
C3,waste,09:05:10,09:05:15,09:06:00
"""


class SecondsTest(unittest.TestCase):
    def test_time_of_day(self):
        self.assertEqual(seconds("00:00:00"), 0)
        self.assertEqual(seconds("09:05:10"), 32710)

    def test_refuses_impossible_times(self):
        for bad in ("24:00:00", "09:60:00", "09:00:61"):
            with self.assertRaises(ValueError):
                seconds(bad)


class ReadCallsTest(unittest.TestCase):
    def test_answered_and_abandoned(self):
        c1, c2, c3 = read_calls(EXPORT)
        self.assertEqual((c1.call_id, c1.queue, c1.wait, c1.abandoned), ("C1", "waste", 40, False))
        self.assertEqual((c2.call_id, c2.queue, c2.wait, c2.abandoned), ("C2", "housing", 90, True))
        self.assertEqual(c3.wait, 5)

    def test_unknown_queue(self):
        with self.assertRaises(ValueError):
            read_calls("call_id,queue,offered,answered,ended\nC9,parking,09:00:00,,09:01:00\n")

    def test_ends_before_offered(self):
        with self.assertRaises(ValueError):
            read_calls("call_id,queue,offered,answered,ended\nC9,waste,09:00:00,,08:59:00\n")

    def test_by_queue_keeps_queue_order_and_call_order(self):
        grouped = by_queue(read_calls(EXPORT))
        self.assertEqual(list(grouped), ["housing", "waste"])
        self.assertEqual([c.call_id for c in grouped["waste"]], ["C1", "C3"])


if __name__ == "__main__":
    unittest.main()
