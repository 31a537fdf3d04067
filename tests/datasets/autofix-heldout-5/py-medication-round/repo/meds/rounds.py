"""The ward's medication rounds: which resident is given which drug at each hour of the day."""
from collections import defaultdict


def dose_hours(prescription) -> list:
    """The hours of the day at which the drug is given, earliest first (a dose may fall after midnight)."""
    first, every = prescription.first, prescription.every
    return sorted(hour % 24 for hour in range(first, first + 24, every))


def round_chart(prescriptions) -> dict:
    """Hour -> [(resident, drug)] for every hour with a dose, hours in order, residents by name."""
    chart = defaultdict(list)
    for prescription in prescriptions:
        for hour in dose_hours(prescription):
            chart[hour].append((prescription.resident, prescription.drug))
    return {hour: sorted(chart[hour]) for hour in sorted(chart)}


def doses_per_day(prescriptions, resident: str) -> int:
    return sum(len(dose_hours(p)) for p in prescriptions if p.resident == resident)
