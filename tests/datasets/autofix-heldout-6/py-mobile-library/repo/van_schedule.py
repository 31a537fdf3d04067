"""Prints a month of the mobile library's timetable for the county website and the stop posters."""
import sys
from datetime import date, timedelta

from mobile.closures import read_closures
from mobile.routes import clock, read_routes
from mobile.timetable import schedule

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

year, month = (int(part) for part in (sys.argv[1] if len(sys.argv) > 1 else "2025-02").split("-"))
first = date(year, month, 1)
last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
with open("routes.txt", encoding="utf-8") as file:
    routes = read_routes(file.read())
with open("closures.txt", encoding="utf-8") as file:
    closures = read_closures(file.read())

print(f"Mobile library, {MONTH_NAMES[month - 1]} {year}")
for day in schedule(routes, closures, first, last):
    print(f"{DAY_NAMES[day.day.weekday()]} {day.day.day:>2} {MONTH_NAMES[month - 1][:3]}  route {day.route}")
    for stop in day.stops:
        print(f"  {clock(stop.arrive)}-{clock(stop.leave)}  {stop.name}")
    for name, why in day.closed.items():
        print(f"  no visit: {name} ({why})")
