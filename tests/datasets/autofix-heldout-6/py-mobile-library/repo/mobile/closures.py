"""Stops that cannot be served on a given day (closures.txt: 'YYYY-MM-DD | stop | reason')."""
from datetime import date


def read_closures(text):
    """Closed stops by day: {date: {stop name: reason}}."""
    closures = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or not parts[1]:
            raise ValueError(f"line {number}: expected 'date | stop | reason': {line!r}")
        day = date.fromisoformat(parts[0])
        closures.setdefault(day, {})[parts[1]] = parts[2]
    return closures
