import io
import unittest
from decimal import Decimal

from makerspace.billing import RATES_2024, Rates, job_cost, monthly_invoices
from makerspace.jobs import PrintJob, read_jobs
from makerspace.stock import filament_used, spools_to_order

EXPORT = "member,file,status,grams,hours\nana,gear.gcode,done,20,1.5\nben,vase.gcode,failed,5,0.5\nana,lid.gcode,done,3,0.2\n"


class BillingTests(unittest.TestCase):
    def test_filament_and_printer_time(self):
        self.assertEqual(job_cost(PrintJob("ana", "gear.gcode", Decimal("20"), Decimal("1.5")), RATES_2024), Decimal("1.60"))

    def test_small_jobs_pay_the_minimum(self):
        self.assertEqual(job_cost(PrintJob("ana", "lid.gcode", Decimal("3"), Decimal("0.2")), RATES_2024), Decimal("1.00"))

    def test_rounded_to_the_cent(self):
        rates = Rates(Decimal("0.033"), Decimal("0"), Decimal("0"))
        self.assertEqual(job_cost(PrintJob("ana", "x", Decimal("10.5"), Decimal("0")), rates), Decimal("0.35"))

    def test_invoices_per_member(self):
        jobs = [
            PrintJob("ben", "a", Decimal("40"), Decimal("2")),
            PrintJob("ana", "b", Decimal("20"), Decimal("1.5")),
            PrintJob("ben", "c", Decimal("1"), Decimal("0.1")),
        ]
        self.assertEqual(monthly_invoices(jobs, RATES_2024), {"ana": Decimal("1.60"), "ben": Decimal("3.80")})


class ExportTests(unittest.TestCase):
    def test_finished_jobs_only(self):
        jobs = read_jobs(io.StringIO(EXPORT))
        self.assertEqual([(j.member, j.file) for j in jobs], [("ana", "gear.gcode"), ("ana", "lid.gcode")])

    def test_empty_export(self):
        self.assertEqual(read_jobs(io.StringIO("member,file,status,grams,hours\n")), [])


class StockTests(unittest.TestCase):
    JOBS = [PrintJob("ana", "a", Decimal("420.5"), Decimal("9")), PrintJob("ben", "b", Decimal("80"), Decimal("2"))]

    def test_filament_used(self):
        self.assertEqual(filament_used(self.JOBS), Decimal("500.5"))

    def test_spools_to_order(self):
        self.assertEqual(spools_to_order(self.JOBS, Decimal(1800), Decimal(2000)), 1)
        self.assertEqual(spools_to_order(self.JOBS, Decimal(3000), Decimal(2000)), 0)
