"""Bills each meter's export of the month, as the billing run does on the first of the month."""
import glob

from billing.meter import bill, describe, read_csv

for path in sorted(glob.glob("readings/*.csv")):
    with open(path, newline="", encoding="utf-8") as export:
        print(path, describe(bill(read_csv(export), price_per_kwh=0.31, peak_price_per_kw=6.5)))
