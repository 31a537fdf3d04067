import unittest

from seating.rooms import Room, parse_room, read_rooms


class RoomTests(unittest.TestCase):
    def test_parse(self):
        self.assertEqual(parse_room("Main hall | A | 3"), Room("Main hall", ["A1", "A2", "A3"]))
        self.assertTrue(parse_room("Library | L | 2 | Separate").separate)

    def test_take_desks_from_the_front(self):
        room = Room("Gym", ["G1", "G2", "G3"])
        self.assertEqual([room.take_desk(), room.take_desk()], ["G1", "G2"])
        self.assertEqual(room.free, 1)

    def test_read(self):
        rooms = read_rooms("# session\nMain hall | A | 2\n\nLibrary | L | 1 | separate\n")
        self.assertEqual([r.name for r in rooms], ["Main hall", "Library"])
