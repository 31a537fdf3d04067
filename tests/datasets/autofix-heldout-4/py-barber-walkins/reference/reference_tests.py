import subprocess
import sys
import unittest

from shop.chairs import Shop
from shop.clock import minutes


class Reference(unittest.TestCase):
    def test_a_barber_with_no_appointments_is_free_now(self):
        shop = Shop(["Dev", "Rosa"])
        self.assertEqual(shop.next_free("Rosa", minutes("09:10")), minutes("09:10"))
        self.assertEqual(shop.next_free("Rosa", minutes("16:45")), minutes("16:45"))

    def test_a_walk_in_sits_down_with_the_free_barber(self):
        shop = Shop(["Dev", "Rosa"])
        shop.book("Dev", minutes("09:00"), 60, "Aldo")
        self.assertEqual(shop.walk_in("Fionn", minutes("09:10"), 30), ("Rosa", minutes("09:10")))
        self.assertEqual(shop.walk_in("Gus", minutes("09:15"), 30), ("Rosa", minutes("09:40")))
        self.assertEqual(shop.walk_in("Hamid", minutes("09:20"), 30), ("Dev", minutes("10:00")))

    def test_a_shop_with_no_appointments_at_all(self):
        shop = Shop(["Dev", "Kemal"])
        self.assertEqual(shop.walk_in("Fionn", minutes("11:00"), 30), ("Dev", minutes("11:00")))
        self.assertEqual(shop.walk_in("Gus", minutes("11:05"), 30), ("Kemal", minutes("11:05")))
        self.assertEqual(shop.walk_in("Ivo", minutes("11:10"), 30), ("Dev", minutes("11:30")))

    def test_barbers_with_appointments_unchanged(self):
        shop = Shop(["Dev", "Kemal"])
        shop.book("Dev", minutes("09:00"), 30, "Aldo")
        shop.book("Kemal", minutes("09:00"), 60, "Chidi")
        self.assertEqual(shop.next_free("Dev", minutes("09:10")), minutes("09:30"))
        self.assertEqual(shop.next_free("Kemal", minutes("10:20")), minutes("10:20"))

    def test_saturday(self):
        out = subprocess.run([sys.executable, "walk_ins.py"], capture_output=True, text=True, check=True).stdout.splitlines()
        self.assertEqual(
            out,
            [
                "09:10 Fionn: Rosa at 09:10",
                "09:20 Gus: Rosa at 09:40",
                "09:25 Hamid: Rosa at 10:10",
                "10:05 Ivo: Kemal at 10:15",
                "Dev: 09:00 Aldo, 09:30 Bryn, 10:15 Ezra",
                "Kemal: 09:00 Chidi, 09:45 Duncan, 10:15 Ivo",
                "Rosa: 09:10 Fionn, 09:40 Gus, 10:10 Hamid",
            ],
        )
