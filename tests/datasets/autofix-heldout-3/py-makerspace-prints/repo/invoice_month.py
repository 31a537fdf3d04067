"""The month-end run: bills every member for their finished prints, from the print queue's export, and reorders filament."""
import sys
from decimal import Decimal

from makerspace.billing import RATES_2024, monthly_invoices
from makerspace.jobs import read_jobs
from makerspace.stock import filament_used, spools_to_order

path = sys.argv[1] if len(sys.argv) > 1 else "exports/printers-2024-05.csv"
with open(path, encoding="utf-8", newline="") as file:
    jobs = read_jobs(file)
print(f"{len(jobs)} finished prints")
for member, total in monthly_invoices(jobs, RATES_2024).items():
    print(f"{member:<8}{total:>8}")
print(f"filament used: {filament_used(jobs)} g; spools to order: {spools_to_order(jobs, Decimal(1800), Decimal(2000))}")
