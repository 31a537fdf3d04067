"""Renders the status page once, as the cron job does."""
import asyncio

from monitor.checks import check_all, summary


async def database():
    await asyncio.sleep(0)
    return True


async def search():
    await asyncio.sleep(0)
    return False


results = asyncio.run(check_all([{"name": "database", "probe": database}, {"name": "search", "probe": search}]))
print(summary(results))
