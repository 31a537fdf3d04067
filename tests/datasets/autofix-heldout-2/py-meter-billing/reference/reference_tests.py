import io
import unittest
from datetime import datetime

from billing.meter import Reading, bill, read_csv

EXPORT = "timestamp,kwh\n2024-02-01T00:00:00,1.0\n2024-02-01T01:00:00,3.0\n2024-02-01T02:00:00,2.0\n"


class Reference(unittest.TestCase):
    def test_bill_straight_from_the_export(self):
        result = bill(read_csv(io.StringIO(EXPORT)), price_per_kwh=0.30, peak_price_per_kw=5.0)
        self.assertEqual((result.kwh, result.average_kw, result.peak_kw, result.amount), (6.0, 2.0, 3.0, 16.8))

    def test_bill_of_a_generator(self):
        readings = (Reading(datetime(2024, 2, 1, h), kwh) for h, kwh in enumerate([0.5, 1.5]))
        result = bill(readings, price_per_kwh=1.0, peak_price_per_kw=0.0)
        self.assertEqual((result.kwh, result.average_kw, result.peak_kw, result.amount), (2.0, 1.0, 1.5, 2.0))

    def test_list_still_billed(self):
        readings = [Reading(datetime(2024, 2, 1, 0), 2.0), Reading(datetime(2024, 2, 1, 1), 4.0)]
        self.assertEqual(bill(readings, 0.5, 1.0).amount, 7.0)
