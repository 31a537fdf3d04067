"""The members' logbook, exported from the tablet by the door as CSV: climber, route, grade, style."""
import csv
from collections import Counter
from dataclasses import dataclass

from climbing.grades import grade_at, rank

SENDS = {"onsight", "flash", "redpoint"}


@dataclass(frozen=True)
class Ascent:
    climber: str
    route: str
    grade: str
    style: str  # onsight, flash, redpoint, or attempt (not topped)

    @property
    def sent(self) -> bool:
        return self.style in SENDS


def read_logbook(text: str) -> list:
    rows = csv.DictReader(text.splitlines())
    return [Ascent(row["climber"].strip(), row["route"].strip(), row["grade"], row["style"].strip().lower()) for row in rows]


def hardest_send(ascents, climber: str):
    """The climber's hardest route topped; the earlier-logged one of two at the same grade. None if nothing is topped."""
    sends = [a for a in ascents if a.climber == climber and a.sent]
    return max(sends, key=lambda a: rank(a.grade), default=None)


def pyramid(ascents, climber: str) -> list:
    """[(grade, sends)], hardest grade first: the climber's pyramid of routes topped."""
    counts = Counter(rank(a.grade) for a in ascents if a.climber == climber and a.sent)
    return [(grade_at(position), counts[position]) for position in sorted(counts, reverse=True)]
