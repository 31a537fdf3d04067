"""The camp roster as the group secretary exports it from the membership system."""
import csv
import io
from dataclasses import dataclass

SECTIONS = ("cubs", "scouts", "explorers")
NIGHTS = ("fri", "sat", "sun")


@dataclass(frozen=True)
class Camper:
    name: str
    section: str
    patrol: str
    nights: tuple
    diet: str = ""


def read_roster(text):
    """Reads roster.csv: name,section,patrol,nights,diet; nights is a space-separated list of fri/sat/sun."""
    campers = []
    seen = set()
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        name = row["name"].strip()
        section = row["section"].strip().lower()
        if section not in SECTIONS:
            raise ValueError(f"line {line}: unknown section {row['section']!r}")
        nights = tuple(row["nights"].split())
        if not nights or any(night not in NIGHTS for night in nights):
            raise ValueError(f"line {line}: nights must be some of {', '.join(NIGHTS)}: {row['nights']!r}")
        if name in seen:
            raise ValueError(f"line {line}: {name} is on the roster twice")
        seen.add(name)
        campers.append(Camper(name, section, row["patrol"].strip(), nights, (row.get("diet") or "").strip()))
    return campers


def patrols(campers):
    """Campers of each patrol, patrols in the order they first appear, campers in roster order."""
    grouped = {}
    for camper in campers:
        grouped.setdefault(camper.patrol, []).append(camper)
    return grouped
