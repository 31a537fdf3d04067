import io
import unittest
from decimal import Decimal

from makerspace.billing import RATES_2024, job_cost, monthly_invoices
from makerspace.jobs import PrintJob, read_jobs
from makerspace.stock import filament_used, spools_to_order

EXPORT = "member,file,status,grams,hours\nana,gear.gcode,done,20,1.5\nben,vase.gcode,failed,5,0.5\nana,lid.gcode,done, 3.25 ,0.2\n"


class Reference(unittest.TestCase):
    def test_export_amounts_are_numbers(self):
        jobs = read_jobs(io.StringIO(EXPORT))
        self.assertEqual(jobs, [PrintJob("ana", "gear.gcode", Decimal("20"), Decimal("1.5")), PrintJob("ana", "lid.gcode", Decimal("3.25"), Decimal("0.2"))])
        self.assertTrue(all(isinstance(j.grams, Decimal) and isinstance(j.hours, Decimal) for j in jobs))

    def test_job_from_the_export_is_billed(self):
        job = read_jobs(io.StringIO(EXPORT))[0]
        self.assertEqual(job_cost(job, RATES_2024), Decimal("1.60"))

    def test_invoices_from_the_export(self):
        self.assertEqual(monthly_invoices(read_jobs(io.StringIO(EXPORT)), RATES_2024), {"ana": Decimal("2.60")})

    def test_mays_invoices(self):
        with open("exports/printers-2024-05.csv", encoding="utf-8", newline="") as file:
            jobs = read_jobs(file)
        self.assertEqual(len(jobs), 5)
        self.assertEqual(monthly_invoices(jobs, RATES_2024), {"nadia": Decimal("3.83"), "ollie": Decimal("11.10"), "tomas": Decimal("1.00")})

    def test_jobs_built_in_code_unchanged(self):
        self.assertEqual(job_cost(PrintJob("ana", "x", Decimal("40"), Decimal("2")), RATES_2024), Decimal("2.80"))

    def test_filament_from_the_export(self):
        with open("exports/printers-2024-05.csv", encoding="utf-8", newline="") as file:
            jobs = read_jobs(file)
        self.assertEqual(filament_used(jobs), Decimal("203.7"))
        self.assertEqual(spools_to_order(jobs, Decimal(1800), Decimal(2000)), 1)
        self.assertEqual(spools_to_order(jobs, Decimal(2300), Decimal(2000)), 0)
