import asyncio
import unittest

from monitor.checks import check, check_all, summary


async def healthy():
    return True


class CheckTests(unittest.TestCase):
    def test_one_service(self):
        self.assertEqual(asyncio.run(check({"name": "db", "probe": healthy})), {"name": "db", "status": "up"})

    def test_no_services(self):
        self.assertEqual(asyncio.run(check_all([])), [])

    def test_summary(self):
        self.assertEqual(summary([{"name": "db", "status": "down"}]), "degraded: db")
