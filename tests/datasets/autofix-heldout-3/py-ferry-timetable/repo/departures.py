"""The departures board at Kelby pier: every sailing of the day, then the next boat to Ness."""
import sys
from datetime import time

from ferries.timetable import next_sailing, parse_timetable

path = sys.argv[1] if len(sys.argv) > 1 else "timetables/summer-2024.txt"
with open(path, encoding="utf-8") as file:
    sailings = parse_timetable(file.read())
for sailing in sailings:
    print(f"{sailing.departs:%H:%M}  {sailing.route:<15} {sailing.minutes} min")
following = next_sailing(sailings, "Kelby - Ness", time(9, 0))
print("next to Ness:", f"{following.departs:%H:%M}" if following else "none today")
