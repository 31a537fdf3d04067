"""The monthly logbook board at Quarry Wall: each member's hardest send and pyramid."""
import sys

from climbing.grades import grade_at, rank
from climbing.logbook import hardest_send, pyramid, read_logbook

path = sys.argv[1] if len(sys.argv) > 1 else "logbooks/2024-10.csv"
with open(path, encoding="utf-8") as file:
    ascents = read_logbook(file.read())
for climber in sorted({a.climber for a in ascents}):
    best = hardest_send(ascents, climber)
    if best is None:
        print(f"{climber}: no routes topped yet")
        continue
    print(f"{climber}: hardest {best.route} ({grade_at(rank(best.grade))}, {best.style})")
    print("    " + "  ".join(f"{grade} x{count}" for grade, count in pyramid(ascents, climber)))
