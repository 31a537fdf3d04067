import unittest

from meds.prescriptions import Prescription
from meds.rounds import dose_hours, doses_per_day, round_chart


class RoundTests(unittest.TestCase):
    def test_dose_hours(self):
        self.assertEqual(dose_hours(Prescription("A", "x", 7, 8)), [7, 15, 23])
        self.assertEqual(dose_hours(Prescription("A", "x", 6, 6)), [0, 6, 12, 18])
        self.assertEqual(dose_hours(Prescription("A", "x", 21, 24)), [21])

    def test_chart(self):
        prescriptions = [Prescription("Penn", "Amoxicillin", 7, 8), Prescription("Marsh", "Paracetamol", 7, 12)]
        self.assertEqual(round_chart(prescriptions), {
            7: [("Marsh", "Paracetamol"), ("Penn", "Amoxicillin")], 15: [("Penn", "Amoxicillin")],
            19: [("Marsh", "Paracetamol")], 23: [("Penn", "Amoxicillin")]})

    def test_doses_per_day(self):
        prescriptions = [Prescription("Penn", "a", 7, 8), Prescription("Penn", "b", 9, 24), Prescription("Marsh", "c", 6, 6)]
        self.assertEqual(doses_per_day(prescriptions, "Penn"), 4)
