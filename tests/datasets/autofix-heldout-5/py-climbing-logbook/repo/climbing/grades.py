"""French sport-climbing grades, easiest first, as the wall's route cards print them."""

SCALE = [
    "4", "4+", "5a", "5a+", "5b", "5b+", "5c", "5c+",
    "6a", "6a+", "6b", "6b+", "6c", "6c+",
    "7a", "7a+", "7b", "7b+", "7c", "7c+",
    "8a", "8a+", "8b",
]


def rank(grade: str) -> int:
    """The grade's place on the scale: 0 for the easiest; ValueError for a grade that is not on it."""
    return SCALE.index(grade)


def grade_at(position: int) -> str:
    return SCALE[position]


def spread(grades) -> str:
    """`6a to 7a+`: the easiest and the hardest of some grades."""
    ranks = sorted(rank(grade) for grade in grades)
    return f"{grade_at(ranks[0])} to {grade_at(ranks[-1])}"
