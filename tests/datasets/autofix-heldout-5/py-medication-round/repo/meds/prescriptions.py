"""Residents' prescriptions as the pharmacy sends them to the ward, one line each:

    resident | drug and strength | every 8h from 07:00

`every Nh` is left out for a drug given once a day; `from HH:MM` is the first dose of the day.
"""
import re
from dataclasses import dataclass

_TIMING = re.compile(r"^(?:every\s+(?P<every>\d+)\s*h\s+)?from\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})$", re.IGNORECASE)


@dataclass(frozen=True)
class Prescription:
    resident: str
    drug: str
    first: int  # the hour of the first dose of the day, 0 to 23
    every: int  # hours between two doses


def parse_line(line: str) -> Prescription:
    resident, drug, timing = (part.strip() for part in line.split("|"))
    match = _TIMING.match(timing)
    if not match:
        raise ValueError(f"not a dose timing: {timing!r}")
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute != 0:
        raise ValueError(f"doses are given on the hour: {timing!r}")
    every = int(match["every"]) if match["every"] else 0
    if every > 24 or (every and 24 % every):
        raise ValueError(f"not a daily interval: {timing!r}")
    return Prescription(resident, drug, hour, every)


def read_prescriptions(text: str) -> list:
    """Every prescription of the file; blank lines and `#` comments are skipped."""
    return [parse_line(line) for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
