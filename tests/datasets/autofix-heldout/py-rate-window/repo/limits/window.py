"""A sliding-window rate limiter: at most `limit` requests in any `seconds`-long window."""
from collections import deque


class SlidingWindow:
    def __init__(self, limit: int, seconds: float):
        self.limit = limit
        self.seconds = seconds
        self.hits = deque()

    def allow(self, now: float) -> bool:
        """Whether a request at `now` may go through; an allowed request counts against the window."""
        if not self.hits:
            self.hits.append(now)
            return True
        cutoff = now - self.seconds
        while self.hits[0] <= cutoff:
            self.hits.popleft()
        if len(self.hits) >= self.limit:
            return False
        self.hits.append(now)
        return True

    def remaining(self, now: float) -> int:
        return self.limit - sum(1 for hit in self.hits if hit > now - self.seconds)
