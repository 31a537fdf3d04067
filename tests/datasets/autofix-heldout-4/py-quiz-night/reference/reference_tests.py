import json
import unittest

from quiz.marking import score_round, score_sheet, standings

KEY = [["Canberra"], ["Kilimanjaro", "Mount Kilimanjaro"], ["1969"], ["Mercury"], ["Portuguese"]]


class Reference(unittest.TestCase):
    def test_a_sheet_that_stops_early(self):
        self.assertEqual(score_round(KEY, ["Canberra", "Kilimanjaro", "1969"]), 3)
        self.assertEqual(score_round(KEY, ["Canberra", "Everest"]), 1)

    def test_an_empty_round_scores_nothing_but_still_counts(self):
        self.assertEqual(score_round(KEY, []), 0)
        rounds = [{"title": "GK", "key": KEY}, {"title": "Music", "key": [["Abba"], ["Adele"]]}]
        self.assertEqual(score_sheet(rounds, {"team": "Aces", "joker": 2, "rounds": [[], ["Abba", "Adele"]]}), [0, 4])

    def test_full_and_blank_sheets_unchanged(self):
        self.assertEqual(score_round(KEY, ["canberra", "mount kilimanjaro", "", "mercury", "Spanish"]), 3)
        self.assertEqual(score_round(KEY, ["", "", "", "", ""]), 0)
        with self.assertRaises(ValueError):
            score_round(KEY, ["a"] * 6)

    def test_the_joker_on_a_short_round(self):
        rounds = [{"title": "GK", "key": KEY}]
        self.assertEqual(score_sheet(rounds, {"team": "Bears", "joker": 1, "rounds": [["Canberra", "", "1969", "Mercury"]]}), [6])

    def test_the_wheatsheaf_night(self):
        with open("nights/2024-10-03.json", encoding="utf-8") as file:
            night = json.load(file)
        self.assertEqual(
            standings(night),
            [("Les Quizerables", 16, [8, 4, 4]), ("Quiz Team Aguilera", 15, [3, 8, 4]), ("The Quizzly Bears", 12, [3, 3, 6])],
        )
