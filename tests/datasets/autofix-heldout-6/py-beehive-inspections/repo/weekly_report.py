"""Prints the apiary manager's weekly report: each hive's latest inspection and alerts, then the sites."""
import sys
from datetime import date

from apiary.health import sites, week
from apiary.hives import read_hives
from apiary.records import load_month

report_day = date.fromisoformat(sys.argv[1] if len(sys.argv) > 1 else "2025-05-18")
with open("hives.csv", encoding="utf-8") as file:
    hives = read_hives(file.read())
inspections = load_month(f"inspections/{report_day:%Y-%m}")

weeks = week(hives, inspections, report_day)
print(f"Apiary report for {report_day.isoformat()}")
for hive_week in weeks:
    latest = hive_week.latest
    queen = "queen seen" if latest.queen_seen else "no queen seen"
    print(f"  {hive_week.hive:<3} {hive_week.site:<14} {latest.day:%d/%m}  brood {latest.brood_frames:>2}"
          f"  stores {latest.stores_frames:>2}  {queen:<13}  {', '.join(hive_week.alerts) or 'ok'}")
print("Sites")
for site, (count, brood, feed) in sites(weeks).items():
    print(f"  {site:<14} {count} hives  brood {brood:>2} frames  {feed} to feed")
