import unittest
from datetime import date

from donation.recall import invitations, next_eligible, not_yet
from donation.register import Donor


class RecallTests(unittest.TestCase):
    def test_gaps(self):
        self.assertEqual(next_eligible(Donor("1", "A", "M", "O+", date(2024, 1, 1))), date(2024, 3, 25))
        self.assertEqual(next_eligible(Donor("2", "B", "F", "O+", date(2024, 1, 1))), date(2024, 4, 22))
        self.assertEqual(next_eligible(Donor("3", "C", "F", "O+", None)), date.min)

    def test_lists(self):
        donors = [Donor("1", "Zed", "M", "O+", date(2024, 1, 1)), Donor("2", "Amy", "F", "A+", date(2024, 1, 1)),
                  Donor("3", "Max", "M", "B-", None)]
        session = date(2024, 3, 25)
        self.assertEqual([d.name for d in invitations(donors, session)], ["Max", "Zed"])
        self.assertEqual([(d.name, when) for d, when in not_yet(donors, session)], [("Amy", date(2024, 4, 22))])
