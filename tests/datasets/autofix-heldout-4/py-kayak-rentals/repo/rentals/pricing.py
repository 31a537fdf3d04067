"""The boathouse's hire prices, in pence: the first hour, then each started half hour after it."""
import math

PRICES = {"single": (1500, 500), "double": (2400, 800), "sup": (1200, 400)}


def charge(kind, minutes):
    if minutes < 0:
        raise ValueError("a hire cannot end before it starts")
    first_hour, per_half_hour = PRICES[kind]
    extra = max(0, minutes - 60)
    return first_hour + math.ceil(extra / 30) * per_half_hour


def pounds(pence):
    return f"£{pence // 100}.{pence % 100:02d}"
