"""Prints today's overdue notices, as the nightly job that mails them does."""
from datetime import date

from library.loans import Loan, overdue_notice

loans = [
    Loan("maya", "Dune", date(2024, 3, 1)),
    Loan("maya", "Emma", date(2024, 3, 4), returned=date(2024, 3, 30)),
    Loan("ola", "Ulysses", date(2024, 2, 11)),
]
for member in sorted({loan.member for loan in loans}):
    print(overdue_notice(member, loans))
    print()
