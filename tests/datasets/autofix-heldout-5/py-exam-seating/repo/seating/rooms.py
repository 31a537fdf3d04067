"""The exam rooms of Harcourt Academy and their desks."""
from dataclasses import dataclass


@dataclass
class Room:
    name: str
    desks: list  # desk labels, front to back
    separate: bool = False  # a small room for candidates with a reader or a scribe
    seated: int = 0

    @property
    def free(self) -> int:
        return len(self.desks) - self.seated

    def take_desk(self) -> str:
        """The first desk nobody sits at yet, from the front; it is now taken."""
        desk = self.desks[self.seated]
        self.seated += 1
        return desk


def parse_room(line: str) -> Room:
    """`Main hall | A | 10` or `Library | L | 2 | separate`: desks A1 to A10."""
    parts = [part.strip() for part in line.split("|")]
    name, letter, count = parts[:3]
    separate = len(parts) > 3 and parts[3].lower() == "separate"
    return Room(name, [f"{letter}{n}" for n in range(1, int(count) + 1)], separate)


def read_rooms(text: str) -> list:
    return [parse_room(line) for line in text.splitlines() if line.strip() and not line.startswith("#")]
