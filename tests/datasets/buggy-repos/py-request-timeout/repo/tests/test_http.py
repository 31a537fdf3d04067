import unittest

from client.http import retries, timeout_ms


class HttpSettingsTests(unittest.TestCase):
    def test_timeout(self):
        self.assertEqual(timeout_ms({"timeout": 2}), 2000)

    def test_default_timeout(self):
        self.assertEqual(timeout_ms({}), 30000)

    def test_retries(self):
        self.assertEqual(retries({}), 3)
