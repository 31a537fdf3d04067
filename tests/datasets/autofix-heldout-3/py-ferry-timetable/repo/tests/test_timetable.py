import unittest
from datetime import time

from ferries.timetable import Sailing, next_sailing, parse_clock, parse_timetable


class ClockTests(unittest.TestCase):
    def test_morning(self):
        self.assertEqual(parse_clock("7:45 am"), time(7, 45))
        self.assertEqual(parse_clock("10:05AM"), time(10, 5))

    def test_afternoon_and_evening(self):
        self.assertEqual(parse_clock("1:10 PM"), time(13, 10))
        self.assertEqual(parse_clock("9:05 p.m."), time(21, 5))

    def test_not_a_time(self):
        for text in ["13:00 pm", "7:75 am", "noon", "7:45"]:
            with self.assertRaises(ValueError):
                parse_clock(text)


class TimetableTests(unittest.TestCase):
    TEXT = "# winter\nKelby - Ness | 9:00 am | 9:45 am\n\nNess - Kelby | 7:30 am | 8:15 am\nKelby - Ness | 4:15 pm | 5:00 pm\n"

    def test_sailings_in_departure_order(self):
        sailings = parse_timetable(self.TEXT)
        self.assertEqual([s.departs for s in sailings], [time(7, 30), time(9, 0), time(16, 15)])
        self.assertEqual(sailings[0], Sailing("Ness - Kelby", time(7, 30), time(8, 15)))

    def test_crossing_time(self):
        self.assertEqual(Sailing("x", time(9, 0), time(9, 45)).minutes, 45)
        self.assertEqual(Sailing("x", time(23, 30), time(0, 10)).minutes, 40)

    def test_next_sailing(self):
        sailings = parse_timetable(self.TEXT)
        self.assertEqual(next_sailing(sailings, "Kelby - Ness", time(9, 30)).departs, time(16, 15))
        self.assertIsNone(next_sailing(sailings, "Kelby - Ness", time(17, 0)))
