"""Scorecards as the club's card scanner exports them: one line per card, in the order handed in."""
import csv
from dataclasses import dataclass

# Par of holes 1 to 18 at Heathfield (white tees): 71 in all.
HEATHFIELD = (4, 4, 3, 5, 4, 4, 3, 4, 5, 4, 3, 4, 5, 4, 4, 3, 4, 4)


@dataclass(frozen=True)
class Card:
    handed_in: int
    name: str
    strokes: tuple

    @property
    def gross(self):
        return sum(self.strokes)

    def to_par(self, pars=HEATHFIELD):
        return self.gross - sum(pars)


def read_cards(file):
    """Reads the scanner export (name, then the strokes of holes 1 to 18); refuses incomplete cards."""
    cards = []
    for number, row in enumerate(csv.reader(file), start=1):
        if not row or row[0].startswith("#"):
            continue
        name, *holes = (cell.strip() for cell in row)
        if len(holes) != 18:
            raise ValueError(f"card {number} ({name}) has {len(holes)} holes, not 18")
        cards.append(Card(len(cards) + 1, name, tuple(int(h) for h in holes)))
    return cards


def format_to_par(score):
    if score == 0:
        return "E"
    return f"+{score}" if score > 0 else str(score)
