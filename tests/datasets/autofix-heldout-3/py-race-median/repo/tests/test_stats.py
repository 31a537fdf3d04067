import io
import unittest

from results.stats import Finisher, category_summary, format_time, median, parse_time, read_finishers


class TimeTests(unittest.TestCase):
    def test_parse(self):
        self.assertEqual(parse_time("17:42"), 1062)
        self.assertEqual(parse_time("1:02:03"), 3723)

    def test_parse_refuses_other_text(self):
        for text in ["DNF", "17", "17:4x"]:
            with self.assertRaises(ValueError):
                parse_time(text)

    def test_format(self):
        self.assertEqual(format_time(1062), "17:42")
        self.assertEqual(format_time(3723), "1:02:03")
        self.assertEqual(format_time(65), "1:05")


class MedianTests(unittest.TestCase):
    def test_middle_of_an_odd_count(self):
        self.assertEqual(median([1300, 1100, 1200]), 1200)

    def test_single_value(self):
        self.assertEqual(median([1500]), 1500)

    def test_no_values(self):
        with self.assertRaises(ValueError):
            median([])


class SummaryTests(unittest.TestCase):
    def test_summary_by_category(self):
        finishers = [
            Finisher(1, "a", "SM", 1000), Finisher(2, "b", "SW", 1100), Finisher(3, "c", "SM", 1200),
            Finisher(4, "d", "SM", 1300),
        ]
        self.assertEqual(category_summary(finishers), [("SM", 3, 1200), ("SW", 1, 1100)])

    def test_read_export(self):
        export = io.StringIO("position,name,category,time\n1,Ann,SW,19:05\n")
        self.assertEqual(read_finishers(export), [Finisher(1, "Ann", "SW", 1145)])
