import unittest

from client.http import timeout_ms


class Reference(unittest.TestCase):
    def test_default(self):
        self.assertEqual(timeout_ms({"retries": 1}), 30000)
