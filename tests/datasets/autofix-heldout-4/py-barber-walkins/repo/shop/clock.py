"""Times of the shop's day as minutes since midnight, written HH:MM."""


def minutes(text):
    hours, mins = text.split(":")
    if not (hours.isdigit() and mins.isdigit() and len(mins) == 2 and int(hours) < 24 and int(mins) < 60):
        raise ValueError(f"not a time of day: {text!r}")
    return int(hours) * 60 + int(mins)


def clock(value):
    return f"{value // 60:02d}:{value % 60:02d}"
