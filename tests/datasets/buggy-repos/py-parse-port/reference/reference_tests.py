import unittest

from service.settings import listen_port, parse_port


class Reference(unittest.TestCase):
    def test_garbage_falls_back(self):
        self.assertEqual(listen_port({"PORT": "eighty"}), 8080)

    def test_valid(self):
        self.assertEqual(parse_port("443"), 443)
