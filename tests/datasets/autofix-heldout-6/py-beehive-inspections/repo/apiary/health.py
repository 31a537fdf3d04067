"""What the apiary manager needs to act on this week, hive by hive and site by site."""
from dataclasses import dataclass

FEED_BELOW = 3          # frames of stores
BROOD_DROP = 2          # frames of brood lost since the inspection before
DEFENSIVE_FROM = 4      # temper score
INSPECT_EVERY_DAYS = 9  # in the swarming season


@dataclass(frozen=True)
class HiveWeek:
    hive: str
    site: str
    latest: object
    alerts: tuple


def alerts(history, report_day):
    """Alerts for one hive from its inspections, oldest first: the latest inspection decides, the one
    before it shows the trend."""
    latest = history[-1]
    found = []
    if latest.stores_frames < FEED_BELOW:
        found.append("FEED")
    if latest.queen_cells > 0:
        found.append(f"SWARM RISK ({latest.queen_cells} queen cells)")
    if not latest.queen_seen and latest.brood_frames == 0:
        found.append("QUEENLESS?")
    if len(history) > 1 and history[-2].brood_frames - latest.brood_frames >= BROOD_DROP:
        found.append(f"BROOD DOWN {history[-2].brood_frames}->{latest.brood_frames}")
    if latest.temper >= DEFENSIVE_FROM:
        found.append("DEFENSIVE")
    if (report_day - latest.day).days > INSPECT_EVERY_DAYS:
        found.append("OVERDUE")
    return tuple(found)


def week(hives, inspections, report_day):
    """Each hive that has been inspected, in the order of the hive list."""
    by_hive = {}
    for inspection in inspections:
        if inspection.day <= report_day:
            by_hive.setdefault(inspection.hive, []).append(inspection)
    known = {hive.hive for hive in hives}
    for name in by_hive:
        if name not in known:
            raise ValueError(f"inspection of unknown hive {name}")
    return [HiveWeek(hive.hive, hive.site, by_hive[hive.hive][-1], alerts(by_hive[hive.hive], report_day))
            for hive in hives if hive.hive in by_hive]


def sites(weeks):
    """Per site: hives inspected, frames of brood in their latest inspections, hives to feed."""
    totals = {}
    for hive_week in weeks:
        hives, brood, feed = totals.get(hive_week.site, (0, 0, 0))
        totals[hive_week.site] = (hives + 1, brood + hive_week.latest.brood_frames,
                                  feed + ("FEED" in hive_week.alerts))
    return totals
