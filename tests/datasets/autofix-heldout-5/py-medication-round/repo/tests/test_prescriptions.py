import unittest

from meds.prescriptions import Prescription, parse_line, read_prescriptions


class ParseTests(unittest.TestCase):
    def test_repeated_dose(self):
        self.assertEqual(parse_line("Edith Marsh | Paracetamol 1 g | every 6h from 06:00"),
                         Prescription("Edith Marsh", "Paracetamol 1 g", 6, 6))
        self.assertEqual(parse_line(" Arthur Penn|Amoxicillin 500 mg|Every 8 h from 7:00 ").every, 8)

    def test_once_a_day_fields(self):
        prescription = parse_line("Nora Quinn | Insulin glargine 12 units | from 22:00")
        self.assertEqual((prescription.resident, prescription.drug, prescription.first),
                         ("Nora Quinn", "Insulin glargine 12 units", 22))

    def test_refused(self):
        for line in ["A | B | every 7h from 08:00", "A | B | from 08:30", "A | B | at 08:00", "A | B | from 25:00"]:
            with self.assertRaises(ValueError):
                parse_line(line)

    def test_file(self):
        text = "# ward\nA | Drug 1 | every 12h from 08:00\n\nB | Drug 2 | every 24h from 21:00\n"
        self.assertEqual([p.resident for p in read_prescriptions(text)], ["A", "B"])
