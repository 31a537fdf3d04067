"""Monthly electricity bills from a smart meter's hourly readings."""
import csv
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Reading:
    at: datetime
    kwh: float


@dataclass(frozen=True)
class Bill:
    kwh: float
    average_kw: float
    peak_kw: float
    amount: float


def read_csv(lines):
    """Readings from the meter's export (`timestamp,kwh` with a header), one at a time."""
    for row in csv.DictReader(lines):
        yield Reading(datetime.fromisoformat(row["timestamp"]), float(row["kwh"]))


def bill(readings, price_per_kwh: float, peak_price_per_kw: float) -> Bill:
    """Energy at the unit price plus a demand charge on the highest hour. Readings are hourly, so kWh in an hour is its average kW."""
    kwh = sum(r.kwh for r in readings)
    hours = sum(1 for _ in readings)
    peak = max((r.kwh for r in readings), default=0.0)
    amount = round(kwh * price_per_kwh + peak * peak_price_per_kw, 2)
    return Bill(round(kwh, 3), round(kwh / hours, 3), peak, amount)


def describe(b: Bill) -> str:
    return f"{b.kwh:.1f} kWh, average {b.average_kw:.2f} kW, peak {b.peak_kw:.2f} kW: {b.amount:.2f} EUR"
