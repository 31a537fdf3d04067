import unittest

from climbing.logbook import Ascent, hardest_send, pyramid, read_logbook

CSV = """climber,route,grade,style
Ana,Arete,6a,flash
Ana,Groove,6b,redpoint
Ana,Roof,7a,attempt
Ana,Corner,6a,Onsight
Ben,Roof,7a,attempt
"""


class LogbookTests(unittest.TestCase):
    def test_read(self):
        ascents = read_logbook(CSV)
        self.assertEqual(ascents[3], Ascent("Ana", "Corner", "6a", "onsight"))
        self.assertEqual(len(ascents), 5)

    def test_hardest_send(self):
        ascents = read_logbook(CSV)
        self.assertEqual(hardest_send(ascents, "Ana").route, "Groove")
        self.assertIsNone(hardest_send(ascents, "Ben"))

    def test_pyramid(self):
        self.assertEqual(pyramid(read_logbook(CSV), "Ana"), [("6b", 1), ("6a", 2)])
