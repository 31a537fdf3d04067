"""What members pay for 3D printing: filament by the gram, printer time by the hour, and a minimum per job."""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rates:
    per_gram: Decimal
    per_hour: Decimal
    minimum: Decimal


RATES_2024 = Rates(per_gram=Decimal("0.05"), per_hour=Decimal("0.40"), minimum=Decimal("1.00"))


def job_cost(job, rates: Rates) -> Decimal:
    cost = job.grams * rates.per_gram + job.hours * rates.per_hour
    return max(cost, rates.minimum).quantize(CENT, ROUND_HALF_UP)


def monthly_invoices(jobs, rates: Rates) -> dict:
    """Each member's total for the month, by member name."""
    totals = {}
    for job in jobs:
        totals[job.member] = totals.get(job.member, Decimal("0.00")) + job_cost(job, rates)
    return dict(sorted(totals.items()))
