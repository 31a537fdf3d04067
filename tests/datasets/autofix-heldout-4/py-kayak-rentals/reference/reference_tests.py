import unittest

from rentals.fleet import Boat, Fleet

RACK = [Boat("S1", "single"), Boat("S2", "single"), Boat("D1", "double")]


class Reference(unittest.TestCase):
    def test_a_boat_brought_back_can_go_out_again(self):
        fleet = Fleet(RACK)
        fleet.rent("double", "Lam", 600)
        fleet.bring_back("D1", 660)
        self.assertEqual(fleet.available("double"), 1)
        self.assertEqual(fleet.rent("double", "Brennan", 690).number, "D1")
        self.assertEqual(fleet.available("double"), 0)

    def test_the_boat_back_longest_goes_out_first(self):
        fleet = Fleet(RACK)
        fleet.rent("single", "Hughes", 570)
        fleet.rent("single", "Ferreira", 585)
        fleet.bring_back("S2", 640)
        fleet.bring_back("S1", 650)
        self.assertEqual([fleet.rent("single", c, 700).number for c in ("Kaur", "Ng")], ["S2", "S1"])

    def test_a_returned_boat_waits_behind_the_boats_on_the_rack(self):
        fleet = Fleet(RACK)
        fleet.rent("single", "Hughes", 570)
        fleet.bring_back("S1", 600)
        self.assertEqual([fleet.rent("single", c, 610).number for c in ("Kaur", "Ng")], ["S2", "S1"])

    def test_the_second_hire_is_charged_from_its_own_start(self):
        fleet = Fleet(RACK)
        fleet.rent("single", "Hughes", 570)
        fleet.rent("single", "Ferreira", 585)
        fleet.bring_back("S1", 650)
        fleet.rent("single", "Kaur", 670)
        self.assertEqual(fleet.bring_back("S1", 760), ("Kaur", 2000))
        self.assertEqual(fleet.takings, 4000)

    def test_saturdays_log(self):
        import subprocess
        import sys

        out = subprocess.run([sys.executable, "run_day.py"], capture_output=True, text=True, check=True).stdout.splitlines()
        self.assertIn("11:10 Kaur takes S1", out)
        self.assertIn("11:30 Brennan takes D1", out)
        self.assertIn("12:40 Kaur brings back S1: £20.00", out)
        self.assertIn("13:05 Brennan brings back D1: £40.00", out)
        self.assertEqual(out[-1], "takings £158.00, 0 still out")
