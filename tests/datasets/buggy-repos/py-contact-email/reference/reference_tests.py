import unittest

from accounts.directory import contact_email


class Reference(unittest.TestCase):
    def test_known(self):
        self.assertEqual(contact_email(2), "grace@example.com")

    def test_missing(self):
        self.assertIsNone(contact_email(7))
