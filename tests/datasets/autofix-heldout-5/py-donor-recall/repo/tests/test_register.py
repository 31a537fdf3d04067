import unittest
from datetime import date

from donation.register import Donor, parse_donor, read_register


class RegisterTests(unittest.TestCase):
    def test_donor(self):
        row = {"id": "D1", "name": " Ann Lee ", "sex": "f", "group": "O+", "last_donation": "03/03/2024"}
        self.assertEqual(parse_donor(row), Donor("D1", "Ann Lee", "F", "O+", date(2024, 3, 3)))

    def test_new_donor(self):
        donors = read_register("id,name,sex,group,last_donation\nD2,Bo Hart,M,A-,\n")
        self.assertEqual(donors, [Donor("D2", "Bo Hart", "M", "A-", None)])

    def test_sex_required(self):
        with self.assertRaises(ValueError):
            parse_donor({"id": "D3", "name": "X", "sex": "", "group": "B+", "last_donation": ""})
