"""On-call rosters: who carries the pager when, one roster per engineer."""
from dataclasses import dataclass
from datetime import datetime, timedelta


class OverlapError(Exception):
    """Two shifts of one engineer overlap: nobody can be paged twice at once."""


@dataclass(frozen=True)
class Shift:
    engineer: str
    start: datetime
    end: datetime

    def overlaps(self, other: "Shift") -> bool:
        return self.start < other.end and other.start < self.end


def add_shift(shift: Shift, roster=[]):
    """Adds a shift to an engineer's roster (a new roster when none is given) and answers the roster."""
    for taken in roster:
        if taken.overlaps(shift):
            raise OverlapError(f"{shift.engineer}: {shift.start:%a %H:%M} overlaps {taken.start:%a %H:%M}-{taken.end:%H:%M}")
    roster.append(shift)
    roster.sort(key=lambda s: s.start)
    return roster


def weekly_shifts(engineer: str, monday: datetime, days: list, hours: int = 12):
    """An engineer's shifts for one week: `hours` long from 08:00 on each of `days` (0 = Monday)."""
    roster = None
    for day in days:
        start = monday + timedelta(days=day, hours=8)
        shift = Shift(engineer, start, start + timedelta(hours=hours))
        roster = add_shift(shift) if roster is None else add_shift(shift, roster)
    return roster or []


def hours_on_call(roster) -> float:
    return sum((s.end - s.start).total_seconds() for s in roster) / 3600
