import asyncio
import unittest

from monitor.checks import check_all, summary


class Reference(unittest.TestCase):
    def test_every_service_is_checked(self):
        async def up():
            return True

        async def down():
            return False

        results = asyncio.run(check_all([{"name": "db", "probe": up}, {"name": "search", "probe": down}]))
        self.assertEqual(results, [{"name": "db", "status": "up"}, {"name": "search", "status": "down"}])
        self.assertEqual(summary(results), "degraded: search")

    def test_checks_run_concurrently(self):
        started = []

        async def probe(name, gate):
            started.append(name)
            await gate.wait()
            return True

        async def scenario():
            gate = asyncio.Event()
            services = [{"name": n, "probe": (lambda n=n: probe(n, gate))} for n in ("a", "b")]
            task = asyncio.ensure_future(check_all(services))
            for _ in range(10):
                await asyncio.sleep(0)
            both_started = sorted(started) == ["a", "b"]
            gate.set()
            return both_started, await task

        both_started, results = asyncio.run(scenario())
        self.assertTrue(both_started)
        self.assertEqual([r["status"] for r in results], ["up", "up"])
