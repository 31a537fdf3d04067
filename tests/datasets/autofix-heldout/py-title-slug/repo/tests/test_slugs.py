import unittest

from blog.slugs import post_path, slugify


class SlugTests(unittest.TestCase):
    def test_words(self):
        self.assertEqual(slugify("Hello, World!"), "hello-world")

    def test_path(self):
        self.assertEqual(post_path(2024, "Release notes 4.2"), "/2024/release-notes-4-2/")
