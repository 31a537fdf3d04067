import subprocess
import sys
import unittest
from datetime import date

from apiary.health import sites, week
from apiary.hives import read_hives
from apiary.records import load_month, read_app_export, read_paper_forms

PAPER = """hive,date,brood_frames,stores_frames,queen_seen,queen_cells,temper
H7,03/04/2025, 2,3,y,1,1
H8,21/04/2025,10,4,n,0,2
"""


class Reference(unittest.TestCase):
    def test_paper_counts_are_numbers(self):
        first, second = read_paper_forms(PAPER)
        self.assertEqual((first.brood_frames, first.stores_frames, first.queen_cells, first.temper), (2, 3, 1, 1))
        self.assertEqual((second.brood_frames, second.stores_frames, second.queen_cells, second.temper), (10, 4, 0, 2))
        for value in (first.brood_frames, first.stores_frames, first.queen_cells, first.temper, second.brood_frames):
            self.assertIs(type(value), int)

    def test_paper_and_app_records_agree(self):
        (app,) = read_app_export('[{"hive": "H8", "date": "2025-04-21", "brood_frames": 10, "stores_frames": 4,'
                                 ' "queen_seen": false, "queen_cells": 0, "temper": 2}]')
        paper = read_paper_forms(PAPER)[1]
        self.assertEqual(app.__class__(**{**app.__dict__, "source": "paper"}), paper)

    def test_paper_counts_still_refused_when_not_whole_numbers(self):
        for bad in ("x", "2.5", "-1", ""):
            with self.assertRaises(ValueError):
                read_paper_forms(PAPER.replace("H7,03/04/2025, 2,", f"H7,03/04/2025,{bad},"))

    def test_may_report(self):
        with open("hives.csv", encoding="utf-8") as file:
            hives = read_hives(file.read())
        weeks = week(hives, load_month("inspections/2025-05"), date(2025, 5, 18))
        self.assertEqual([(w.hive, w.latest.day, w.alerts) for w in weeks], [
            ("H1", date(2025, 5, 14), ("SWARM RISK (2 queen cells)",)),
            ("H2", date(2025, 5, 15), ("FEED", "BROOD DOWN 5->3", "DEFENSIVE")),
            ("H3", date(2025, 5, 7), ("OVERDUE",)),
            ("H4", date(2025, 5, 16), ()),
            ("H5", date(2025, 5, 17), ("FEED",)),
            ("H6", date(2025, 5, 17), ("QUEENLESS?", "BROOD DOWN 2->0", "DEFENSIVE")),
        ])
        self.assertEqual(sites(weeks), {"Orchard": (3, 15, 1), "Allotments": (2, 10, 1), "Church garden": (1, 0, 0)})

    def test_report_runs(self):
        run = subprocess.run([sys.executable, "weekly_report.py"], capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("H5  Allotments     17/05  brood  4  stores  2  no queen seen  FEED", run.stdout)
        self.assertIn("H6  Church garden  17/05  brood  0  stores  3  no queen seen  QUEENLESS?, BROOD DOWN 2->0, DEFENSIVE", run.stdout)
        self.assertIn("Allotments     2 hives  brood 10 frames  1 to feed", run.stdout)


if __name__ == "__main__":
    unittest.main()
