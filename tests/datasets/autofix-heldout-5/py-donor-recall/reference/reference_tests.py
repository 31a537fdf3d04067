import unittest
from datetime import date

from donation.recall import invitations, not_yet
from donation.register import parse_date, read_register


class Reference(unittest.TestCase):
    def test_day_first(self):
        self.assertEqual(parse_date("25/09/2024"), date(2024, 9, 25))
        self.assertEqual(parse_date("02/08/2024"), date(2024, 8, 2))
        self.assertEqual(parse_date(" 1/12/2023 "), date(2023, 12, 1))

    def test_not_a_date(self):
        for text in ["31/02/2024", "2024-09-25", "09/25/2024"]:
            with self.assertRaises(ValueError):
                parse_date(text)

    def test_ledbury_session(self):
        with open("sessions/ledbury-register.csv", encoding="utf-8") as file:
            donors = read_register(file.read())
        session = date(2024, 11, 20)
        self.assertEqual([d.id for d in invitations(donors, session)], ["D121", "D146", "D133", "D117", "D126"])
        self.assertEqual([(d.id, when) for d, when in not_yet(donors, session)],
                         [("D140", date(2024, 11, 22)), ("D104", date(2024, 11, 22)), ("D130", date(2024, 11, 24))])
