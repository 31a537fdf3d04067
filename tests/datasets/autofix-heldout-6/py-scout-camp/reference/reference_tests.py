import subprocess
import sys
import unittest

from camp.kit import kit_list
from camp.roster import Camper, patrols, read_roster
from camp.settings import read_camp
from camp.tents import pitch, tents_needed


def campers(patrol, section, count):
    return [Camper(f"{patrol}{n}", section, patrol, ("sat",)) for n in range(1, count + 1)]


class Reference(unittest.TestCase):
    def test_tents_needed_rounds_up(self):
        self.assertEqual(tents_needed(5, 6), 1)
        self.assertEqual(tents_needed(1, 4), 1)
        self.assertEqual(tents_needed(7, 4), 2)
        self.assertEqual(tents_needed(3, 2), 2)
        self.assertEqual(tents_needed(13, 6), 3)
        self.assertEqual(tents_needed(12, 6), 2)
        self.assertEqual(tents_needed(0, 6), 0)

    def test_small_patrol_shares_one_tent(self):
        tents = pitch("Bagheera", campers("B", "cubs", 5), 6)
        self.assertEqual([(t.label, t.campers) for t in tents], [("Bagheera 1", ("B1", "B2", "B3", "B4", "B5"))])

    def test_no_tent_over_its_berths(self):
        tents = pitch("Otter", campers("O", "scouts", 7), 4)
        self.assertEqual([(t.label, t.campers) for t in tents],
                         [("Otter 1", ("O1", "O2", "O3", "O4")), ("Otter 2", ("O5", "O6", "O7"))])
        tents = pitch("Lynx", campers("L", "scouts", 13), 6)
        self.assertEqual([len(t.campers) for t in tents], [5, 4, 4])

    def test_whitsun_camp(self):
        with open("camps/2025-whitsun/camp.ini", encoding="utf-8") as file:
            _, berths = read_camp(file.read())
        with open("camps/2025-whitsun/roster.csv", encoding="utf-8") as file:
            people = read_roster(file.read())
        from camp.tents import pitch_all
        tents = pitch_all(patrols(people), berths)
        self.assertEqual([(t.label, t.berths, len(t.campers)) for t in tents], [
            ("Kestrel 1", 4, 4), ("Kestrel 2", 4, 4), ("Otter 1", 4, 4), ("Otter 2", 4, 3),
            ("Bagheera 1", 6, 5), ("Summit 1", 2, 2), ("Summit 2", 2, 1)])
        self.assertEqual(tents[4].campers, ("Harry Stone", "Lily Moss", "Oscar Flynn", "Freya Cole", "Arlo Kent"))
        self.assertEqual(tents[6].campers, ("Tess Ogden",))
        kit = kit_list(tents, people)
        self.assertEqual(kit.tents, {2: 2, 4: 4, 6: 1})
        self.assertEqual((kit.pegs, kit.mallets, kit.meals), (124, 4, 126))
        self.assertEqual(kit.special_meals, {"gluten-free": 6, "halal": 6, "vegetarian": 24})

    def test_plan_prints(self):
        run = subprocess.run([sys.executable, "camp_plan.py"], capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("Bagheera 1   (5/6)  Harry Stone, Lily Moss, Oscar Flynn, Freya Cole, Arlo Kent", run.stdout)
        self.assertIn("tents:   2 x 2-berth, 4 x 4-berth, 1 x 6-berth", run.stdout)
        self.assertIn("pegs:    124", run.stdout)


if __name__ == "__main__":
    unittest.main()
