"""Figures the contact centre reports to the council each day."""
from dataclasses import dataclass


def percentile(values, p):
    """The p-th percentile of the values by the nearest-rank method: the smallest value that at
    least p percent of the values are less than or equal to. p is in (0, 100]; 100 is the largest."""
    if not values:
        raise ValueError("no values")
    if not 0 < p <= 100:
        raise ValueError(f"percentile must be in (0, 100]: {p}")
    ordered = sorted(values)
    return ordered[int(p * len(ordered) / 100)]


def within(waits, target):
    """Share of the waits (as a percentage, one decimal) that were at most target seconds."""
    if not waits:
        raise ValueError("no waits")
    met = sum(1 for wait in waits if wait <= target)
    return round(100 * met / len(waits), 1)


@dataclass(frozen=True)
class QueueDay:
    queue: str
    offered: int
    answered: int
    abandoned_pct: float
    service_level: float
    waits: dict


def summarise(queue, calls, target, percentiles):
    """The day's figures for one queue: service level counts the answered calls answered within
    target seconds; the wait percentiles are over the answered calls' waits."""
    answered = [call.wait for call in calls if not call.abandoned]
    abandoned = sum(1 for call in calls if call.abandoned)
    return QueueDay(
        queue=queue,
        offered=len(calls),
        answered=len(answered),
        abandoned_pct=round(100 * abandoned / len(calls), 1),
        service_level=within(answered, target),
        waits={p: percentile(answered, p) for p in percentiles},
    )
