"""Whom to invite to a session: a donor may give whole blood again 12 weeks (men) or 16 weeks (women) after the last time."""
from datetime import date, timedelta

GAP = {"M": timedelta(weeks=12), "F": timedelta(weeks=16)}


def next_eligible(donor) -> date:
    """The first day the donor may give again; date.min for a new donor."""
    if donor.last_donation is None:
        return date.min
    return donor.last_donation + GAP[donor.sex]


def invitations(donors, session: date) -> list:
    """The donors who may give at the session, by name."""
    return sorted((d for d in donors if next_eligible(d) <= session), key=lambda d: d.name)


def not_yet(donors, session: date) -> list:
    """[(donor, first day they may give)] for those who may not give at the session yet, soonest first."""
    waiting = [(d, next_eligible(d)) for d in donors if next_eligible(d) > session]
    return sorted(waiting, key=lambda pair: (pair[1], pair[0].name))
