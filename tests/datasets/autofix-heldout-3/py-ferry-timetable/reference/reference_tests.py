import unittest
from datetime import time

from ferries.timetable import next_sailing, parse_clock, parse_timetable


class Reference(unittest.TestCase):
    def test_noon_hour(self):
        self.assertEqual(parse_clock("12:15 pm"), time(12, 15))
        self.assertEqual(parse_clock("12:00 PM"), time(12, 0))

    def test_midnight_hour(self):
        self.assertEqual(parse_clock("12:05 am"), time(0, 5))
        self.assertEqual(parse_clock("12:00 a.m."), time(0, 0))

    def test_other_hours_unchanged(self):
        self.assertEqual(parse_clock("1:10 PM"), time(13, 10))
        self.assertEqual(parse_clock("11:59 pm"), time(23, 59))
        self.assertEqual(parse_clock("1:00 am"), time(1, 0))
        self.assertEqual(parse_clock("11:40 am"), time(11, 40))

    def test_still_refused(self):
        for text in ["13:00 pm", "0:30 am", "12:60 pm", "noon"]:
            with self.assertRaises(ValueError):
                parse_clock(text)

    def test_summer_timetable(self):
        with open("timetables/summer-2024.txt", encoding="utf-8") as file:
            sailings = parse_timetable(file.read())
        self.assertEqual(
            [(f"{s.departs:%H:%M}", s.route, s.minutes) for s in sailings],
            [
                ("07:05", "Kelby - Ness", 45), ("08:10", "Ness - Kelby", 45), ("10:30", "Kelby - Ness", 45),
                ("11:40", "Kelby - Orrin", 55), ("12:15", "Ness - Kelby", 45), ("13:05", "Orrin - Kelby", 55),
                ("17:45", "Kelby - Ness", 45), ("23:20", "Ness - Kelby", 45),
            ],
        )
        self.assertEqual(next_sailing(sailings, "Ness - Kelby", time(9, 0)).departs, time(12, 15))
        self.assertEqual(next_sailing(sailings, "Ness - Kelby", time(12, 30)).departs, time(23, 20))
