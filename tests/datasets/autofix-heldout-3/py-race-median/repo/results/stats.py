"""Saturday 5k results: finish times and the per-category summary posted after each run."""
import csv
from dataclasses import dataclass


@dataclass(frozen=True)
class Finisher:
    position: int
    name: str
    category: str
    seconds: int


def parse_time(text: str) -> int:
    """A chip time, `m:ss` or `h:mm:ss`, in seconds."""
    parts = text.strip().split(":")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a finish time: {text!r}")
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + int(part)
    return seconds


def format_time(seconds: float) -> str:
    """Seconds as `m:ss` (or `h:mm:ss` past the hour), to the nearest second."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def read_finishers(file) -> list:
    """The timing system's export: `position,name,category,time`."""
    return [Finisher(int(row["position"]), row["name"], row["category"], parse_time(row["time"])) for row in csv.DictReader(file)]


def median(values) -> float:
    """The middle value; for an even count, halfway between the two middle ones."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("median of no values")
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid] + ordered[mid + 1]) / 2


def category_summary(finishers) -> list:
    """(category, finishers, median time in seconds) for every category that had a finisher, by category."""
    by_category = {}
    for finisher in finishers:
        by_category.setdefault(finisher.category, []).append(finisher.seconds)
    return [(category, len(times), median(times)) for category, times in sorted(by_category.items())]
