"""Overdue notices for a lending library: who has what, since when, and the fine so far."""
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

LOAN_DAYS = 21
FINE_PER_DAY = 0.25
FINE_CAP = 10.0


@dataclass(frozen=True)
class Loan:
    member: str
    title: str
    lent: date
    returned: Optional[date] = None

    @property
    def due(self) -> date:
        return self.lent + timedelta(days=LOAN_DAYS)


def fine(loan: Loan, today: date) -> float:
    """A quarter a day past the due date, until the book is back, capped at ten."""
    end = loan.returned or today
    late = (end - loan.due).days
    return min(max(late, 0) * FINE_PER_DAY, FINE_CAP)


def overdue_notice(member: str, loans: list, today: Optional[date] = None) -> str:
    """The notice a member gets: each loan with its due date and fine, then the total."""
    lines = [f"Dear {member},"]
    total = 0.0
    for date, title in sorted((l.due.isoformat(), l.title) for l in loans if l.member == member):
        lines.append(f"  {title}: due {date}")
    as_of = today or date.today()
    for loan in loans:
        if loan.member == member:
            total += fine(loan, as_of)
    lines.append(f"Fines so far: {total:.2f}")
    return "\n".join(lines)
