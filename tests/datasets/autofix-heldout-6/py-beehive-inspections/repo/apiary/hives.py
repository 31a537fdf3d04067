"""The association's hives (hives.csv: hive,site,queen_year)."""
import csv
import io
from dataclasses import dataclass


@dataclass(frozen=True)
class Hive:
    hive: str
    site: str
    queen_year: int


def read_hives(text):
    hives = []
    for row in csv.DictReader(io.StringIO(text)):
        hives.append(Hive(row["hive"].strip(), row["site"].strip(), int(row["queen_year"])))
    if len({h.hive for h in hives}) != len(hives):
        raise ValueError("a hive is listed twice")
    return hives
