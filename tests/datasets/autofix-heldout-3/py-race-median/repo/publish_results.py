"""Prints the category summary that goes on the club's results page after a run."""
import sys

from results.stats import category_summary, format_time, read_finishers

path = sys.argv[1] if len(sys.argv) > 1 else "finishers/2024-06-08.csv"
with open(path, encoding="utf-8", newline="") as file:
    finishers = read_finishers(file)
print(f"{len(finishers)} finishers")
for category, count, middle in category_summary(finishers):
    print(f"{category:<6}{count:>3} finishers, median {format_time(middle)}")
