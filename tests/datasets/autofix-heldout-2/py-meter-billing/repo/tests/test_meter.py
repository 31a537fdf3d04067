import io
import unittest
from datetime import datetime

from billing.meter import Reading, bill, describe, read_csv


class MeterTests(unittest.TestCase):
    def test_bill_of_a_few_hours(self):
        readings = [Reading(datetime(2024, 2, 1, h), kwh) for h, kwh in enumerate([1.0, 3.0, 2.0])]
        result = bill(readings, price_per_kwh=0.30, peak_price_per_kw=5.0)
        self.assertEqual((result.kwh, result.average_kw, result.peak_kw, result.amount), (6.0, 2.0, 3.0, 16.8))

    def test_csv_export(self):
        export = io.StringIO("timestamp,kwh\n2024-02-01T00:00:00,0.5\n2024-02-01T01:00:00,0.75\n")
        self.assertEqual([r.kwh for r in read_csv(export)], [0.5, 0.75])

    def test_describe(self):
        readings = [Reading(datetime(2024, 2, 1, 0), 2.0)]
        self.assertEqual(describe(bill(readings, 0.25, 4.0)), "2.0 kWh, average 2.00 kW, peak 2.00 kW: 8.50 EUR")
