import unittest
from datetime import date

from apiary.hives import read_hives
from apiary.records import read_app_export, read_paper_forms

APP = """[
  {"hive": "H1", "date": "2025-04-20", "brood_frames": 5, "stores_frames": 4, "queen_seen": true, "queen_cells": 1, "temper": 2}
]"""

PAPER = """hive,date,brood_frames,stores_frames,queen_seen,queen_cells,temper
H7 ,03/04/2025,2,3,Y,0,1
H8,21/04/2025,4,4,n,0,2
"""


class AppExportTest(unittest.TestCase):
    def test_reads_an_inspection(self):
        (one,) = read_app_export(APP)
        self.assertEqual(one.hive, "H1")
        self.assertEqual(one.day, date(2025, 4, 20))
        self.assertEqual((one.brood_frames, one.stores_frames, one.queen_cells, one.temper), (5, 4, 1, 2))
        self.assertTrue(one.queen_seen)
        self.assertEqual(one.source, "app")

    def test_refuses_counts_that_are_not_whole_numbers(self):
        for bad in ('"5"', "-1", "2.5", "true"):
            with self.assertRaises(ValueError):
                read_app_export(APP.replace('"brood_frames": 5', f'"brood_frames": {bad}'))


class PaperFormsTest(unittest.TestCase):
    def test_reads_hive_and_day_first_dates(self):
        first, second = read_paper_forms(PAPER)
        self.assertEqual((first.hive, first.day), ("H7", date(2025, 4, 3)))
        self.assertEqual((second.hive, second.day), ("H8", date(2025, 4, 21)))
        self.assertEqual(first.source, "paper")

    def test_queen_seen_is_y_or_n(self):
        first, second = read_paper_forms(PAPER)
        self.assertTrue(first.queen_seen)
        self.assertFalse(second.queen_seen)
        with self.assertRaises(ValueError):
            read_paper_forms(PAPER.replace(",n,", ",maybe,"))


class HivesTest(unittest.TestCase):
    def test_reads_hives(self):
        hives = read_hives("hive,site,queen_year\nH1,Orchard,2024\nH2,Church garden,2023\n")
        self.assertEqual([(h.hive, h.site, h.queen_year) for h in hives], [("H1", "Orchard", 2024), ("H2", "Church garden", 2023)])

    def test_refuses_a_hive_twice(self):
        with self.assertRaises(ValueError):
            read_hives("hive,site,queen_year\nH1,Orchard,2024\nH1,Orchard,2023\n")


if __name__ == "__main__":
    unittest.main()
