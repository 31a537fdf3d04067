"""The island ferries' published timetable, as the harbour office types it: 12-hour clock times."""
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})\s*([ap])\.?m\.?$", re.IGNORECASE)


@dataclass(frozen=True)
class Sailing:
    route: str
    departs: time
    arrives: time

    @property
    def minutes(self) -> int:
        """Crossing time; a crossing may run past midnight."""
        start = datetime.combine(datetime.min, self.departs)
        end = datetime.combine(datetime.min, self.arrives)
        if end < start:
            end += timedelta(days=1)
        return (end - start) // timedelta(minutes=1)


def _hour_24(hour: int, meridiem: str) -> int:
    """The hour of a 12-hour clock time on the 24-hour clock."""
    if meridiem == "p":
        return hour + 12
    return hour


def parse_clock(text: str) -> time:
    """`7:45 am`, `1:10 PM`, `9:05 p.m.`: a time of day."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError(f"not a clock time: {text!r}")
    hour, minute = int(match[1]), int(match[2])
    if not 1 <= hour <= 12 or minute > 59:
        raise ValueError(f"not a clock time: {text!r}")
    return time(_hour_24(hour, match[3].lower()), minute)


def parse_timetable(text: str) -> list:
    """Lines `route | departs | arrives`; blank lines and `#` comments are skipped. Sailings in departure order."""
    sailings = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        route, departs, arrives = (field.strip() for field in line.split("|"))
        sailings.append(Sailing(route, parse_clock(departs), parse_clock(arrives)))
    return sorted(sailings, key=lambda s: (s.departs, s.route))


def next_sailing(sailings, route: str, now: time):
    """The first sailing on the route leaving at or after `now`, or None when the day's last one has gone."""
    return next((s for s in sailings if s.route == route and s.departs >= now), None)
