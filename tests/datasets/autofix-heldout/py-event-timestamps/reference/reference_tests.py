import unittest
from datetime import datetime, timezone

from eventlog.timestamps import parse_timestamp, seconds_between


class Reference(unittest.TestCase):
    def test_z_suffix_is_utc(self):
        self.assertEqual(parse_timestamp("2024-03-07T10:00:01Z"), datetime(2024, 3, 7, 10, 0, 1, tzinfo=timezone.utc))

    def test_mixed_forms_compare(self):
        self.assertEqual(seconds_between("2024-03-07T10:00:01Z", "2024-03-07T10:00:05"), 4.0)

    def test_plain_form_unchanged(self):
        self.assertEqual(parse_timestamp("2024-03-07T10:00:00"), datetime(2024, 3, 7, 10, tzinfo=timezone.utc))
