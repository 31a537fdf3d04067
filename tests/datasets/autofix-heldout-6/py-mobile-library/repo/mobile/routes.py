"""The mobile library's routes (routes.txt): which day each route runs, in which weeks of the
fortnight, and its published stops with their arrival time and how long the van stays."""
from dataclasses import dataclass, field

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKS = ("A", "B", "every")


def minutes(clock):
    hours, mins = clock.split(":")
    if len(mins) != 2 or not (0 <= int(hours) < 24 and 0 <= int(mins) < 60):
        raise ValueError(f"not a time of day: {clock!r}")
    return int(hours) * 60 + int(mins)


def clock(total):
    return f"{total // 60:02d}:{total % 60:02d}"


@dataclass(frozen=True)
class Stop:
    name: str
    arrive: int  # minutes after midnight
    stay: int    # minutes

    @property
    def leave(self):
        return self.arrive + self.stay


@dataclass
class Route:
    code: str
    weekday: int
    weeks: str
    stops: list = field(default_factory=list)
    by_name: dict = field(default_factory=dict)

    def add(self, stop):
        if stop.name in self.by_name:
            raise ValueError(f"{self.code}: {stop.name} is on the route twice")
        if self.stops and stop.arrive < self.stops[-1].leave:
            raise ValueError(f"{self.code}: {stop.name} arrives before the van leaves {self.stops[-1].name}")
        self.stops.append(stop)
        self.by_name[stop.name] = stop


def read_routes(text):
    """Reads routes.txt: a 'route CODE weekday A|B|every' line, then its stops indented as
    'HH:MM minutes Stop name'."""
    routes = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("route "):
            _, code, weekday, weeks = line.split()
            if weekday not in WEEKDAYS or weeks not in WEEKS:
                raise ValueError(f"line {number}: bad route line {line!r}")
            routes.append(Route(code, WEEKDAYS.index(weekday), weeks))
            continue
        if not routes or not line.startswith(" "):
            raise ValueError(f"line {number}: stop outside a route: {line!r}")
        arrive, stay, name = line.split(maxsplit=2)
        routes[-1].add(Stop(name, minutes(arrive), int(stay)))
    return routes
