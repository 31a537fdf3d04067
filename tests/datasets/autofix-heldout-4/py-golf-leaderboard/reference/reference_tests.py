import unittest

from golf.cards import HEATHFIELD, Card, read_cards
from golf.leaderboard import leader, standings


def card(handed_in, name, front, back):
    strokes = list(HEATHFIELD)
    for i in range(abs(front)):
        strokes[i] += 1 if front > 0 else -1
    for i in range(abs(back)):
        strokes[9 + i] += 1 if back > 0 else -1
    return Card(handed_in, name, tuple(strokes))


class Reference(unittest.TestCase):
    def test_everyone_over_par(self):
        field = [card(1, "Ann", 4, 3), card(2, "Ben", 2, 3), card(3, "Cai", 6, 6)]
        self.assertEqual(leader(field).name, "Ben")

    def test_the_leader_at_level_par(self):
        field = [card(1, "Ann", 1, 1), card(2, "Ben", 1, -1), card(3, "Cai", 0, 4)]
        self.assertEqual(leader(field).name, "Ben")

    def test_a_single_card(self):
        self.assertEqual(leader([card(1, "Ann", 5, 4)]).name, "Ann")

    def test_over_par_ties_go_on_the_back_nine_then_the_earlier_card(self):
        field = [card(1, "Ann", 2, 3), card(2, "Ben", 3, 2), card(3, "Cai", 3, 2)]
        self.assertEqual(leader(field).name, "Ben")

    def test_under_par_unchanged(self):
        field = [card(1, "Ann", 1, 2), card(2, "Ben", -1, -1), card(3, "Cai", -3, 0)]
        self.assertEqual(leader(field).name, "Cai")

    def test_the_leader_is_first_in_the_standings(self):
        for field in ([card(1, "Ann", 3, 3), card(2, "Ben", 2, 5)], [card(1, "Ann", 0, 0), card(2, "Ben", 0, 1)]):
            self.assertIs(leader(field), standings(field)[0])

    def test_saturdays_medal(self):
        with open("rounds/2024-09-14.csv", encoding="utf-8", newline="") as file:
            cards = read_cards(file)
        winner = leader(cards)
        self.assertEqual((winner.name, winner.gross, winner.to_par()), ("Marcus Reid", 78, 7))
