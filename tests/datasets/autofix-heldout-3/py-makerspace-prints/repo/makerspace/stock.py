"""Filament stock: how much the month's prints used, and how many 1 kg spools to reorder."""
from decimal import ROUND_CEILING, Decimal

SPOOL_GRAMS = Decimal(1000)


def filament_used(jobs) -> Decimal:
    """Grams of filament the finished prints used."""
    return sum((job.grams for job in jobs), Decimal(0))


def spools_to_order(jobs, grams_in_stock: Decimal, keep_grams: Decimal) -> int:
    """Whole spools to bring the stock back up to `keep_grams` after the month's use."""
    short = keep_grams - (grams_in_stock - filament_used(jobs))
    return max(0, int((short / SPOOL_GRAMS).to_integral_value(ROUND_CEILING)))
