"""Prints the day's medication round chart for Rose ward, as the nurse in charge hangs it on the trolley."""
import sys

from meds.prescriptions import read_prescriptions
from meds.rounds import doses_per_day, round_chart

path = sys.argv[1] if len(sys.argv) > 1 else "prescriptions/rose-ward.txt"
with open(path, encoding="utf-8") as file:
    prescriptions = read_prescriptions(file.read())
for hour, doses in round_chart(prescriptions).items():
    print(f"{hour:02d}:00")
    for resident, drug in doses:
        print(f"    {resident:<14} {drug}")
for resident in sorted({p.resident for p in prescriptions}):
    print(f"{resident}: {doses_per_day(prescriptions, resident)} doses a day")
