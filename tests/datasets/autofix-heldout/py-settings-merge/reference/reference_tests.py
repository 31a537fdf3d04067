import unittest

from deploy.settings import DEFAULTS, for_environment


class Reference(unittest.TestCase):
    def test_new_section_is_added(self):
        merged = for_environment({"server": {"workers": 8}, "cache": {"url": "redis://cache:6379", "ttl": 300}})
        self.assertEqual(merged["cache"], {"url": "redis://cache:6379", "ttl": 300})
        self.assertEqual(merged["server"], {"port": 8080, "workers": 8})
        self.assertEqual(merged["logging"], {"level": "info"})

    def test_added_section_is_a_copy(self):
        override = {"cache": {"ttl": 1}}
        merged = for_environment(override)
        merged["cache"]["ttl"] = 2
        self.assertEqual(override["cache"]["ttl"], 1)
        self.assertNotIn("cache", DEFAULTS)
