import unittest

from service.settings import listen_port, parse_port


class SettingsTests(unittest.TestCase):
    def test_number(self):
        self.assertEqual(parse_port("9000"), 9000)

    def test_missing(self):
        self.assertIsNone(parse_port(None))

    def test_not_a_number(self):
        self.assertIsNone(parse_port("http"))

    def test_default(self):
        self.assertEqual(listen_port({}), 8080)
