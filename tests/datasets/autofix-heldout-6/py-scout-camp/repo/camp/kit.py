"""The quartermaster's list: what to load into the trailer for the tents and the meals."""
from dataclasses import dataclass

PEGS_PER_BERTH = 4
SPARE_PEGS = 20
MEALS_PER_NIGHT = 3


@dataclass(frozen=True)
class KitList:
    tents: dict
    pegs: int
    mallets: int
    meals: int
    special_meals: dict


def kit_list(tents, campers):
    """Tents by size, pegs (four a berth plus a spare bag), a mallet per patrol, and meals: three for
    every night a camper stays, with the meals for special diets counted apart."""
    by_size = {}
    for tent in tents:
        by_size[tent.berths] = by_size.get(tent.berths, 0) + 1
    special = {}
    meals = 0
    for camper in campers:
        count = MEALS_PER_NIGHT * len(camper.nights)
        meals += count
        if camper.diet:
            special[camper.diet] = special.get(camper.diet, 0) + count
    return KitList(
        tents=dict(sorted(by_size.items())),
        pegs=sum(PEGS_PER_BERTH * tent.berths for tent in tents) + SPARE_PEGS,
        mallets=len({tent.patrol for tent in tents}),
        meals=meals,
        special_meals=dict(sorted(special.items())),
    )
