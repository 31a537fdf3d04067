"""Prints the seating plan for an exam session, room by room, for the invigilators' clipboards."""
import sys

from seating.plan import SeatingPlan, enough_desks, read_candidates
from seating.rooms import read_rooms

session = sys.argv[1] if len(sys.argv) > 1 else "exams/2025-06-gcse-maths-p1"
with open(f"{session}/rooms.txt", encoding="utf-8") as file:
    rooms = read_rooms(file.read())
with open(f"{session}/candidates.csv", encoding="utf-8") as file:
    candidates = read_candidates(file.read())
if not enough_desks(rooms, candidates):
    sys.exit("not enough desks booked for this session")
places = SeatingPlan(rooms).seat_all(candidates)
for room in rooms:
    print(room.name)
    for candidate in candidates:
        if places[candidate.number][0] == room.name:
            extra = "  (extra time)" if candidate.arrangement == "extra time" else ""
            print(f"    {places[candidate.number][1]:<4} {candidate.number}  {candidate.name}{extra}")
