"""The van's calendar: which route runs on each day, and the stops it calls at."""
from dataclasses import dataclass
from datetime import date, timedelta

# The fortnight's A week starts on this Monday; the weeks alternate A, B, A, B from it.
FIRST_A_MONDAY = date(2025, 1, 6)


def week_of(day):
    return "A" if (day - FIRST_A_MONDAY).days // 7 % 2 == 0 else "B"


def runs_on(route, day):
    return day.weekday() == route.weekday and route.weeks in ("every", week_of(day))


@dataclass(frozen=True)
class Day:
    day: date
    route: str
    stops: tuple
    closed: dict


def visits(route, closed):
    """The stops the van calls at on a day when the named stops are closed (names of other routes'
    stops are ignored): the route's stops in order, less the closed ones."""
    stops = route.stops
    for name in closed:
        if name in route.by_name:
            stops.remove(route.by_name[name])
    return tuple(stops)


def schedule(routes, closures, first, last):
    """Every day from first to last (inclusive) on which a route runs, in date order, routes in
    the order of routes.txt, with the closures that applied to that route."""
    days = []
    day = first
    while day <= last:
        closed_today = closures.get(day, {})
        for route in routes:
            if runs_on(route, day):
                closed = {name: why for name, why in closed_today.items() if name in route.by_name}
                days.append(Day(day, route.code, visits(route, closed), closed))
        day += timedelta(days=1)
    return days
