"""3D print jobs, as the print queue exports them at the end of each month."""
import csv
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PrintJob:
    member: str
    file: str
    grams: Decimal  # filament used
    hours: Decimal  # time on the printer


def read_jobs(file) -> list:
    """The export's finished jobs (`member,file,status,grams,hours`); failed and cancelled prints are not billed."""
    jobs = []
    for row in csv.DictReader(file):
        if row["status"].strip() != "done":
            continue
        jobs.append(PrintJob(row["member"].strip(), row["file"].strip(), row["grams"].strip(), row["hours"].strip()))
    return jobs
