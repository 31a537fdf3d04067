"""The donor register of the Ledbury blood-donation session, exported by the donor carers as CSV.

Dates are written as the carers write them on the donor cards, day first: 25/09/2024 is 25 September 2024.
A new donor has no last donation.
"""
import csv
from dataclasses import dataclass
from datetime import date, datetime
from typing import Optional


@dataclass(frozen=True)
class Donor:
    id: str
    name: str
    sex: str  # "F" or "M": the gap between two whole-blood donations depends on it
    group: str
    last_donation: Optional[date]


def parse_date(text: str) -> date:
    return datetime.strptime(text.strip(), "%m/%d/%Y").date()


def parse_donor(row: dict) -> Donor:
    sex = row["sex"].strip().upper()
    if sex not in ("F", "M"):
        raise ValueError(f"donor {row['id']}: sex must be F or M, not {row['sex']!r}")
    last = row["last_donation"].strip()
    return Donor(row["id"].strip(), row["name"].strip(), sex, row["group"].strip(), parse_date(last) if last else None)


def read_register(text: str) -> list:
    return [parse_donor(row) for row in csv.DictReader(text.splitlines())]
