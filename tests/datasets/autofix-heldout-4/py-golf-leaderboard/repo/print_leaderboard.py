"""Prints the medal leaderboard for the notice board from the card scanner's export."""
import sys

from golf.cards import format_to_par, read_cards
from golf.leaderboard import leader, nearest_the_pin_eligible, standings

path = sys.argv[1] if len(sys.argv) > 1 else "rounds/2024-09-14.csv"
with open(path, encoding="utf-8", newline="") as file:
    cards = read_cards(file)

winner = leader(cards)
print(f"Medal winner: {winner.name}, {winner.gross} ({format_to_par(winner.to_par())})")
for place, card in enumerate(standings(cards), start=1):
    print(f"{place:>2}. {card.name:<14}{card.gross:>4}  {format_to_par(card.to_par()):>3}  back nine {sum(card.strokes[9:])}")
print("Nearest the pin on the 7th:", ", ".join(nearest_the_pin_eligible(cards, 7)) or "nobody")
