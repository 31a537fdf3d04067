"""Marks a quiz night's answer sheets and prints the standings the quizmaster reads out."""
import json
import sys

from quiz.marking import standings

path = sys.argv[1] if len(sys.argv) > 1 else "nights/2024-10-03.json"
with open(path, encoding="utf-8") as file:
    night = json.load(file)
print(f"{night['venue']}: {len(night['sheets'])} teams, {len(night['rounds'])} rounds")
for place, (team, total, scores) in enumerate(standings(night), start=1):
    print(f"{place}. {team:<22}{total:>3}  ({' + '.join(map(str, scores))})")
