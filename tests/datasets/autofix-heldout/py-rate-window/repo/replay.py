"""Replays a client's request times (seconds) through the limiter, as the gateway does."""
from limits.window import SlidingWindow

window = SlidingWindow(limit=2, seconds=10)
for at in [0, 1, 2, 30]:
    print(at, "allowed" if window.allow(at) else "limited")
