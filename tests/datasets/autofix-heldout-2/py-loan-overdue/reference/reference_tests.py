import unittest
from datetime import date, timedelta

from library.loans import FINE_CAP, Loan, overdue_notice


class Reference(unittest.TestCase):
    def test_notice_as_of_today(self):
        today = date.today()
        loans = [Loan("maya", "Dune", today - timedelta(days=25)), Loan("ola", "Emma", today - timedelta(days=30))]
        self.assertEqual(
            overdue_notice("maya", loans),
            f"Dear maya,\n  Dune: due {(today - timedelta(days=4)).isoformat()}\nFines so far: 1.00",
        )

    def test_long_overdue_is_capped_as_of_today(self):
        loans = [Loan("ola", "Ulysses", date(2020, 1, 1))]
        self.assertTrue(overdue_notice("ola", loans).endswith(f"Fines so far: {FINE_CAP:.2f}"))

    def test_given_day_still_used(self):
        loans = [Loan("maya", "Dune", date(2024, 3, 1))]
        self.assertEqual(overdue_notice("maya", loans, today=date(2024, 3, 26)), "Dear maya,\n  Dune: due 2024-03-22\nFines so far: 1.00")

    def test_member_without_loans(self):
        self.assertEqual(overdue_notice("kim", []), "Dear kim,\nFines so far: 0.00")
