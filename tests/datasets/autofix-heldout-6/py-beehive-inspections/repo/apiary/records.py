"""Hive inspection records. Most come from the inspection app's export (JSON); inspections done by
volunteers without the app are written on the paper form and typed up into paper-forms.csv."""
import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

COUNTS = ("brood_frames", "stores_frames", "queen_cells", "temper")


@dataclass(frozen=True)
class Inspection:
    hive: str
    day: date
    brood_frames: int
    stores_frames: int
    queen_seen: bool
    queen_cells: int
    temper: int  # 1 calm .. 5 very defensive
    source: str = "app"


def _count(record, field):
    value = record[field]
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{record.get('hive')}: {field} must be a whole number of at least 0, not {value!r}")
    return value


def read_app_export(text):
    """The app's export: a JSON list of inspections with ISO dates and numbers as numbers."""
    inspections = []
    for record in json.loads(text):
        inspections.append(Inspection(
            hive=record["hive"],
            day=date.fromisoformat(record["date"]),
            brood_frames=_count(record, "brood_frames"),
            stores_frames=_count(record, "stores_frames"),
            queen_seen=bool(record["queen_seen"]),
            queen_cells=_count(record, "queen_cells"),
            temper=_count(record, "temper"),
        ))
    return inspections


def _yes_no(text):
    answer = text.strip().lower()
    if answer not in ("y", "n"):
        raise ValueError(f"queen seen must be y or n: {text!r}")
    return answer == "y"


def read_paper_forms(text):
    """The typed-up paper forms: hive,date,brood_frames,stores_frames,queen_seen,queen_cells,temper,
    with the date written day first (17/05/2025) and queen_seen as y or n."""
    inspections = []
    for row in csv.DictReader(io.StringIO(text)):
        inspections.append(Inspection(
            hive=row["hive"].strip(),
            day=datetime.strptime(row["date"].strip(), "%d/%m/%Y").date(),
            brood_frames=row["brood_frames"].strip(),
            stores_frames=row["stores_frames"].strip(),
            queen_seen=_yes_no(row["queen_seen"]),
            queen_cells=row["queen_cells"].strip(),
            temper=row["temper"].strip(),
            source="paper",
        ))
    return inspections


def load_month(folder):
    """Every inspection in a month's folder (*.json from the app, *.csv from paper), by hive and date."""
    inspections = []
    for path in sorted(Path(folder).iterdir()):
        if path.suffix == ".json":
            inspections.extend(read_app_export(path.read_text(encoding="utf-8")))
        elif path.suffix == ".csv":
            inspections.extend(read_paper_forms(path.read_text(encoding="utf-8")))
    return sorted(inspections, key=lambda i: (i.hive, i.day))
