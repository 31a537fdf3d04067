import unittest

from climbing.grades import rank, spread
from climbing.logbook import hardest_send, pyramid, read_logbook


class Reference(unittest.TestCase):
    def test_grades_as_members_type_them(self):
        self.assertEqual(rank("6B+"), rank("6b+"))
        self.assertEqual(rank(" 5A"), rank("5a"))
        self.assertEqual(rank("7a+ "), rank("7a+"))
        self.assertEqual(rank("4+"), 1)
        self.assertEqual(spread(["6C", " 5b"]), "5b to 6c")

    def test_still_refused(self):
        for grade in ["9z", "", "6d", "6 b"]:
            with self.assertRaises(ValueError):
                rank(grade)

    def test_october_board(self):
        with open("logbooks/2024-10.csv", encoding="utf-8") as file:
            ascents = read_logbook(file.read())
        self.assertEqual(hardest_send(ascents, "Ines Duarte").route, "Overlap")
        self.assertEqual(hardest_send(ascents, "Priya Nair").route, "Crimp Lord")
        self.assertEqual(hardest_send(ascents, "Tom Hale").route, "Slab Happy")
        self.assertEqual(pyramid(ascents, "Ines Duarte"), [("7a", 1), ("6c", 1), ("6b+", 1)])
        self.assertEqual(pyramid(ascents, "Priya Nair"), [("6b+", 1), ("5c", 1), ("5a", 1)])
        self.assertEqual(pyramid(ascents, "Tom Hale"), [("5c", 1), ("5a", 1)])
