"""The medal competition's leaderboard: lowest score to par wins, ties go on the back nine."""
from golf.cards import HEATHFIELD


def back_nine(card):
    return sum(card.strokes[9:])


def standings(cards, pars=HEATHFIELD):
    """Cards from first to last: fewest strokes to par, then the better back nine, then handed in first."""
    return sorted(cards, key=lambda c: (c.to_par(pars), back_nine(c), c.handed_in))


def leader(cards, pars=HEATHFIELD):
    """The card in first place, for the notice board and the results e-mail."""
    best = None
    best_key = (0, 0, 0)
    for card in cards:
        key = (card.to_par(pars), back_nine(card), card.handed_in)
        if key < best_key:
            best, best_key = card, key
    return best


def nearest_the_pin_eligible(cards, hole, pars=HEATHFIELD):
    """Players who hit the green of a par 3 in one: a par or better on it."""
    if pars[hole - 1] != 3:
        raise ValueError(f"hole {hole} is not a par 3")
    return [c.name for c in cards if c.strokes[hole - 1] <= 3]
