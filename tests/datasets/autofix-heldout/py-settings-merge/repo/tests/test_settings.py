import unittest

from deploy.settings import DEFAULTS, for_environment, merge


class SettingsTests(unittest.TestCase):
    def test_nested_override(self):
        self.assertEqual(for_environment({"server": {"workers": 4}})["server"], {"port": 8080, "workers": 4})

    def test_scalar_override(self):
        self.assertEqual(merge({"a": 1}, {"a": 2}), {"a": 2})

    def test_defaults_untouched(self):
        for_environment({"logging": {"level": "debug"}})
        self.assertEqual(DEFAULTS["logging"]["level"], "info")
