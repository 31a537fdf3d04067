import unittest
from datetime import datetime, timezone

from eventlog.timestamps import parse_timestamp, seconds_between


class TimestampTests(unittest.TestCase):
    def test_server_time_is_utc(self):
        self.assertEqual(parse_timestamp("2024-03-07T10:00:00"), datetime(2024, 3, 7, 10, tzinfo=timezone.utc))

    def test_seconds_between(self):
        self.assertEqual(seconds_between("2024-03-07T10:00:00", "2024-03-07T10:01:30"), 90.0)
