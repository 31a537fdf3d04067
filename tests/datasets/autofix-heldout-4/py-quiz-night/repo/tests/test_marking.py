import unittest

from quiz.marking import is_right, normalise, score_round, score_sheet, standings

KEY = [["Canberra"], ["Kilimanjaro", "Mount Kilimanjaro"], ["1969"]]


class NormaliseTests(unittest.TestCase):
    def test_case_accents_and_articles(self):
        self.assertEqual(normalise("  The Beatles! "), "beatles")
        self.assertEqual(normalise("Beyoncé"), "beyonce")
        self.assertTrue(is_right("mount  kilimanjaro", KEY[1]))
        self.assertFalse(is_right("Sydney", KEY[0]))


class RoundTests(unittest.TestCase):
    def test_one_point_per_right_answer(self):
        self.assertEqual(score_round(KEY, ["canberra", "Kilimanjaro", "1970"]), 2)

    def test_a_blank_scores_nothing(self):
        self.assertEqual(score_round(KEY, ["Canberra", "", "1969"]), 2)

    def test_too_many_answers_are_refused(self):
        with self.assertRaises(ValueError):
            score_round(KEY, ["a", "b", "c", "d"])


class NightTests(unittest.TestCase):
    night = {
        "rounds": [{"title": "GK", "key": KEY}, {"title": "Music", "key": [["Abba"], ["Adele"]]}],
        "sheets": [
            {"team": "Bears", "joker": 2, "rounds": [["Canberra", "", "1969"], ["Abba", "Adele"]]},
            {"team": "Aces", "joker": 1, "rounds": [["Canberra", "Kilimanjaro", "1969"], ["Abba", "Duffy"]]},
        ],
    }

    def test_the_joker_round_counts_double(self):
        self.assertEqual(score_sheet(self.night["rounds"], self.night["sheets"][0]), [2, 4])
        self.assertEqual(score_sheet(self.night["rounds"], self.night["sheets"][1]), [6, 1])

    def test_standings(self):
        self.assertEqual(standings(self.night), [("Aces", 7, [6, 1]), ("Bears", 6, [2, 4])])
