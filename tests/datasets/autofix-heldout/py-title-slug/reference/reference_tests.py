import unittest

from blog.slugs import post_path, slugify


class Reference(unittest.TestCase):
    def test_accents_become_base_letters(self):
        self.assertEqual(slugify("Crème brûlée for beginners"), "creme-brulee-for-beginners")

    def test_no_ascii_form_is_left_out(self):
        self.assertEqual(slugify("Tea 茶 time"), "tea-time")

    def test_path(self):
        self.assertEqual(post_path(2024, "Ångström units"), "/2024/angstrom-units/")
