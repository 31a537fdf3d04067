"""Who sleeps in which tent. A patrol sleeps in its own tents, never with another patrol, and its
campers are shared out as evenly as the tents allow (seven in 6-berth tents: 4 and 3, not 6 and 1)."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Tent:
    label: str
    patrol: str
    berths: int
    campers: tuple


def tents_needed(campers, berths):
    """How many tents of the given size a group of campers needs."""
    if berths < 1:
        raise ValueError(f"a tent needs at least one berth: {berths}")
    return campers // berths


def split_evenly(items, groups):
    """Splits items, in order, into the given number of groups whose sizes differ by at most one;
    the larger groups come first."""
    size, larger = divmod(len(items), groups)
    split, start = [], 0
    for index in range(groups):
        end = start + size + (1 if index < larger else 0)
        split.append(tuple(items[start:end]))
        start = end
    return split


def pitch(patrol, campers, berths):
    """The tents of one patrol, labelled 'Patrol 1', 'Patrol 2'..."""
    count = tents_needed(len(campers), berths)
    names = [camper.name for camper in campers]
    return [Tent(f"{patrol} {number}", patrol, berths, group)
            for number, group in enumerate(split_evenly(names, count), start=1)]


def pitch_all(grouped, berths_by_section):
    """Tents for every patrol; a patrol uses the tent size of its section."""
    tents = []
    for patrol, campers in grouped.items():
        tents.extend(pitch(patrol, campers, berths_by_section[campers[0].section]))
    return tents
