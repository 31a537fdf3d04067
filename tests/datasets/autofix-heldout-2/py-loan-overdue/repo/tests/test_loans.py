import unittest
from datetime import date

from library.loans import FINE_CAP, Loan, fine, overdue_notice


class LoanTests(unittest.TestCase):
    def test_fine_runs_from_the_due_date(self):
        loan = Loan("maya", "Dune", date(2024, 3, 1))
        self.assertEqual(fine(loan, date(2024, 3, 22)), 0)
        self.assertEqual(fine(loan, date(2024, 3, 26)), 1.0)

    def test_fine_stops_when_returned_and_is_capped(self):
        self.assertEqual(fine(Loan("maya", "Dune", date(2024, 3, 1), returned=date(2024, 3, 24)), date(2024, 6, 1)), 0.5)
        self.assertEqual(fine(Loan("maya", "Dune", date(2023, 1, 1)), date(2024, 1, 1)), FINE_CAP)

    def test_notice(self):
        loans = [Loan("maya", "Dune", date(2024, 3, 1)), Loan("maya", "Emma", date(2024, 3, 4)), Loan("ola", "Ulysses", date(2024, 3, 1))]
        self.assertEqual(
            overdue_notice("maya", loans, today=date(2024, 3, 29)),
            "Dear maya,\n  Dune: due 2024-03-22\n  Emma: due 2024-03-25\nFines so far: 2.75",
        )
