"""The barbers' chairs: booked appointments, and where a walk-in customer can be fitted in."""
from shop.clock import clock, minutes

OPENS = minutes("09:00")
CLOSES = minutes("18:00")


class Shop:
    def __init__(self, barbers):
        if not barbers:
            raise ValueError("a shop needs a barber")
        self.bookings = {barber: [] for barber in barbers}

    def book(self, barber, start, length, customer):
        """Books a chair for `length` minutes from `start`; refuses overlaps and times outside opening hours."""
        end = start + length
        if start < OPENS or end > CLOSES:
            raise ValueError(f"{clock(start)}-{clock(end)} is outside opening hours")
        for other_start, other_end, other in self.bookings[barber]:
            if start < other_end and other_start < end:
                raise ValueError(f"{barber} has {other} from {clock(other_start)}")
        self.bookings[barber].append((start, end, customer))
        self.bookings[barber].sort()

    def next_free(self, barber, now):
        """When the barber can take a walk-in: now, or when their last appointment ends if that is later."""
        return max(now, max(end for _, end, _ in self.bookings[barber]))

    def walk_in(self, customer, now, length):
        """Seats a walk-in with the barber free soonest (ties: the barber named first); answers (barber, start)."""
        barber = min(self.bookings, key=lambda b: self.next_free(b, now))
        start = self.next_free(barber, now)
        self.book(barber, start, length, customer)
        return barber, start
