"""Builds next week's on-call plan for the platform team, as the Friday planning job does."""
from datetime import datetime

from oncall.roster import hours_on_call, weekly_shifts

monday = datetime(2024, 5, 13)
plan = {
    "ana": weekly_shifts("ana", monday, [0, 2, 4]),
    "bo": weekly_shifts("bo", monday, [0, 3]),
    "chidi": weekly_shifts("chidi", monday, [1, 5, 6]),
}
for engineer, roster in plan.items():
    print(f"{engineer}: {len(roster)} shifts, {hours_on_call(roster):.0f} h")
