import unittest

from camp.roster import patrols, read_roster
from camp.settings import read_camp

ROSTER = """name,section,patrol,nights,diet
Ann,scouts,Kestrel,fri sat,
Ben,Cubs,Akela,sat,vegan
Cat,scouts,Kestrel,sat,
"""


class RosterTest(unittest.TestCase):
    def test_reads_campers(self):
        ann, ben, cat = read_roster(ROSTER)
        self.assertEqual((ann.name, ann.section, ann.patrol, ann.nights, ann.diet), ("Ann", "scouts", "Kestrel", ("fri", "sat"), ""))
        self.assertEqual((ben.section, ben.nights, ben.diet), ("cubs", ("sat",), "vegan"))
        self.assertEqual(cat.nights, ("sat",))

    def test_refuses_unknown_section_and_nights(self):
        with self.assertRaises(ValueError):
            read_roster("name,section,patrol,nights,diet\nAnn,rovers,X,sat,\n")
        with self.assertRaises(ValueError):
            read_roster("name,section,patrol,nights,diet\nAnn,scouts,X,mon,\n")
        with self.assertRaises(ValueError):
            read_roster("name,section,patrol,nights,diet\nAnn,scouts,X,,\n")

    def test_refuses_a_camper_twice(self):
        with self.assertRaises(ValueError):
            read_roster("name,section,patrol,nights,diet\nAnn,scouts,X,sat,\nAnn,scouts,Y,sat,\n")

    def test_patrols_in_roster_order(self):
        grouped = patrols(read_roster(ROSTER))
        self.assertEqual(list(grouped), ["Kestrel", "Akela"])
        self.assertEqual([c.name for c in grouped["Kestrel"]], ["Ann", "Cat"])


class SettingsTest(unittest.TestCase):
    def test_reads_name_and_berths(self):
        name, berths = read_camp("[camp]\nname = Spring camp\n[tents]\ncubs = 6\nscouts = 4\nexplorers = 2\n")
        self.assertEqual(name, "Spring camp")
        self.assertEqual(berths, {"cubs": 6, "scouts": 4, "explorers": 2})


if __name__ == "__main__":
    unittest.main()
