import unittest

from meds.prescriptions import parse_line, read_prescriptions
from meds.rounds import dose_hours, doses_per_day, round_chart


class Reference(unittest.TestCase):
    def test_once_a_day(self):
        self.assertEqual(dose_hours(parse_line("Nora Quinn | Insulin glargine 12 units | from 22:00")), [22])
        self.assertEqual(dose_hours(parse_line("Arthur Penn | Ramipril 5 mg | from 09:00")), [9])
        self.assertEqual(dose_hours(parse_line("X | Y | from 00:00")), [0])

    def test_same_as_every_24_hours(self):
        self.assertEqual(dose_hours(parse_line("A | B | from 08:00")), dose_hours(parse_line("A | B | every 24h from 08:00")))

    def test_repeated_doses_unchanged(self):
        self.assertEqual(dose_hours(parse_line("A | B | every 8h from 07:00")), [7, 15, 23])
        self.assertEqual(dose_hours(parse_line("A | B | every 6h from 06:00")), [0, 6, 12, 18])

    def test_still_refused(self):
        for line in ["A | B | every 7h from 08:00", "A | B | from 08:30", "A | B | every 36h from 08:00"]:
            with self.assertRaises(ValueError):
                parse_line(line)

    def test_rose_ward_chart(self):
        with open("prescriptions/rose-ward.txt", encoding="utf-8") as file:
            prescriptions = read_prescriptions(file.read())
        self.assertEqual(round_chart(prescriptions), {
            0: [("Edith Marsh", "Paracetamol 1 g")],
            6: [("Edith Marsh", "Paracetamol 1 g")],
            7: [("Arthur Penn", "Amoxicillin 500 mg")],
            8: [("Edith Marsh", "Vitamin D 800 IU"), ("Nora Quinn", "Metformin 500 mg")],
            9: [("Arthur Penn", "Ramipril 5 mg")],
            12: [("Edith Marsh", "Paracetamol 1 g")],
            15: [("Arthur Penn", "Amoxicillin 500 mg")],
            18: [("Edith Marsh", "Paracetamol 1 g")],
            20: [("Nora Quinn", "Metformin 500 mg")],
            22: [("Nora Quinn", "Insulin glargine 12 units")],
            23: [("Arthur Penn", "Amoxicillin 500 mg")],
        })
        self.assertEqual([doses_per_day(prescriptions, r) for r in ["Edith Marsh", "Arthur Penn", "Nora Quinn"]], [5, 4, 3])
