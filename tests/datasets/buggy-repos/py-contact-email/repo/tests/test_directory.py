import unittest

from accounts.directory import contact_email, find_user


class DirectoryTests(unittest.TestCase):
    def test_email_is_lower_case(self):
        self.assertEqual(contact_email(1), "ada@example.com")

    def test_find_user(self):
        self.assertEqual(find_user(2).email, "grace@example.com")

    def test_unknown_user_has_no_email(self):
        self.assertIsNone(contact_email(404))
