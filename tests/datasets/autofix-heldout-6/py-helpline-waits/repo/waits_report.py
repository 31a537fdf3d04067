"""Prints the day's waiting-time report for the council's contact centre (one export file a day)."""
import sys

from helpline.calls import by_queue, read_calls
from helpline.settings import label, read_settings
from helpline.stats import summarise

export = sys.argv[1] if len(sys.argv) > 1 else "logs/2025-03-12.csv"
with open("report.ini", encoding="utf-8") as file:
    percentiles, targets = read_settings(file.read())
with open(export, encoding="utf-8") as file:
    calls = read_calls(file.read())

print(f"Contact centre waits, {export}")
for queue, queue_calls in by_queue(calls).items():
    day = summarise(queue, queue_calls, targets[queue], percentiles)
    waits = "  ".join(f"{label(p)} {seconds}s" for p, seconds in day.waits.items())
    print(f"{queue:<12} offered {day.offered:>3}  answered {day.answered:>3}  abandoned {day.abandoned_pct:>5.1f}%"
          f"  within {targets[queue]}s {day.service_level:>5.1f}%  {waits}")
