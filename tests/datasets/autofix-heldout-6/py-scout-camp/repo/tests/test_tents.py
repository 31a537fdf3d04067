import unittest

from camp.kit import kit_list
from camp.roster import Camper, patrols
from camp.tents import Tent, pitch, pitch_all, split_evenly, tents_needed


def campers(patrol, section, count, nights=("fri", "sat")):
    return [Camper(f"{patrol}{n}", section, patrol, nights) for n in range(1, count + 1)]


class TentsNeededTest(unittest.TestCase):
    def test_full_tents(self):
        self.assertEqual(tents_needed(12, 6), 2)
        self.assertEqual(tents_needed(8, 4), 2)
        self.assertEqual(tents_needed(2, 2), 1)

    def test_refuses_a_tent_without_berths(self):
        with self.assertRaises(ValueError):
            tents_needed(4, 0)


class SplitEvenlyTest(unittest.TestCase):
    def test_sizes_differ_by_at_most_one(self):
        self.assertEqual(split_evenly(list("abcdefg"), 2), [tuple("abcd"), tuple("efg")])
        self.assertEqual(split_evenly(list("abcdefghij"), 3), [tuple("abcd"), tuple("efg"), tuple("hij")])

    def test_one_group(self):
        self.assertEqual(split_evenly(["a", "b"], 1), [("a", "b")])


class PitchTest(unittest.TestCase):
    def test_patrol_of_eight_in_four_berth_tents(self):
        tents = pitch("Kestrel", campers("K", "scouts", 8), 4)
        self.assertEqual([t.label for t in tents], ["Kestrel 1", "Kestrel 2"])
        self.assertEqual(tents[0].campers, ("K1", "K2", "K3", "K4"))
        self.assertEqual(tents[1].campers, ("K5", "K6", "K7", "K8"))

    def test_every_patrol_gets_its_own_tents(self):
        grouped = patrols(campers("Otter", "scouts", 4) + campers("Akela", "cubs", 6, ("sat",)))
        tents = pitch_all(grouped, {"cubs": 6, "scouts": 4, "explorers": 2})
        self.assertEqual([(t.label, t.berths, len(t.campers)) for t in tents], [("Otter 1", 4, 4), ("Akela 1", 6, 6)])


class KitTest(unittest.TestCase):
    def test_kit_list(self):
        tents = [Tent("A 1", "A", 4, ("a", "b", "c", "d")), Tent("A 2", "A", 4, ("e",)), Tent("B 1", "B", 6, ("f",))]
        people = campers("A", "scouts", 2) + [Camper("Vi", "cubs", "B", ("sat",), "vegan")]
        kit = kit_list(tents, people)
        self.assertEqual(kit.tents, {4: 2, 6: 1})
        self.assertEqual(kit.pegs, 4 * 14 + 20)
        self.assertEqual(kit.mallets, 2)
        self.assertEqual(kit.meals, 15)
        self.assertEqual(kit.special_meals, {"vegan": 3})


if __name__ == "__main__":
    unittest.main()
