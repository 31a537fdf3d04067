import io
import unittest

from golf.cards import HEATHFIELD, Card, format_to_par, read_cards
from golf.leaderboard import leader, nearest_the_pin_eligible, standings


def card(handed_in, name, front, back):
    """A card with the given strokes over par on the front and back nine (spread from hole 1 and hole 10)."""
    strokes = list(HEATHFIELD)
    for i in range(abs(front)):
        strokes[i] += 1 if front > 0 else -1
    for i in range(abs(back)):
        strokes[9 + i] += 1 if back > 0 else -1
    return Card(handed_in, name, tuple(strokes))


class CardTests(unittest.TestCase):
    def test_read_the_scanner_export(self):
        export = io.StringIO("# medal\nAnn Lee," + ",".join(["4"] * 18) + "\n")
        [ann] = read_cards(export)
        self.assertEqual((ann.handed_in, ann.name, ann.gross, ann.to_par()), (1, "Ann Lee", 72, 1))

    def test_incomplete_cards_are_refused(self):
        with self.assertRaises(ValueError):
            read_cards(io.StringIO("Ann Lee,4,4,4\n"))

    def test_format_to_par(self):
        self.assertEqual([format_to_par(s) for s in (-3, 0, 5)], ["-3", "E", "+5"])


class LeaderboardTests(unittest.TestCase):
    def setUp(self):
        self.field = [card(1, "Ann", 1, 2), card(2, "Ben", -1, -1), card(3, "Cai", 0, 3)]

    def test_standings_by_score_to_par(self):
        self.assertEqual([c.name for c in standings(self.field)], ["Ben", "Ann", "Cai"])

    def test_ties_go_on_the_back_nine(self):
        field = [card(1, "Ann", 3, 1), card(2, "Ben", 1, 3)]
        self.assertEqual([c.name for c in standings(field)], ["Ann", "Ben"])

    def test_the_leader_under_par(self):
        self.assertEqual(leader(self.field).name, "Ben")

    def test_nearest_the_pin(self):
        self.assertEqual(nearest_the_pin_eligible(self.field, 7), ["Ann", "Ben", "Cai"])
        with self.assertRaises(ValueError):
            nearest_the_pin_eligible(self.field, 1)
