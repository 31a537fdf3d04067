import unittest

from climbing.grades import grade_at, rank, spread


class GradeTests(unittest.TestCase):
    def test_order(self):
        self.assertLess(rank("5c+"), rank("6a"))
        self.assertLess(rank("6b"), rank("6b+"))
        self.assertEqual(rank("4"), 0)
        self.assertEqual(grade_at(rank("7a+")), "7a+")

    def test_not_a_grade(self):
        for grade in ["9z", "", "6d"]:
            with self.assertRaises(ValueError):
                rank(grade)

    def test_spread(self):
        self.assertEqual(spread(["6c", "5b", "7a+", "6a"]), "5b to 7a+")
