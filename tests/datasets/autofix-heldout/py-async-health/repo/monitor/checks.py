"""Health checks of the services behind the status page."""
import asyncio


async def check(service: dict) -> dict:
    """One service's health; a probe is any coroutine function answering True when healthy."""
    healthy = await service["probe"]()
    return {"name": service["name"], "status": "up" if healthy else "down"}


async def check_all(services: list) -> list:
    """Every service's health, probed concurrently, in the order given."""
    pending = [check(service) for service in services]
    return [{"name": result["name"], "status": result["status"]} for result in pending]


def summary(results: list) -> str:
    down = [r["name"] for r in results if r["status"] == "down"]
    return "all systems operational" if not down else "degraded: " + ", ".join(down)
