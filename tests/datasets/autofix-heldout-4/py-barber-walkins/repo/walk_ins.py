"""Saturday at the shop: the morning's appointments, then the walk-ins as they come through the door."""
from shop.chairs import Shop
from shop.clock import clock, minutes

shop = Shop(["Dev", "Kemal", "Rosa"])  # Rosa's first Saturday: no appointments yet
for barber, start, length, customer in [
    ("Dev", "09:00", 30, "Aldo"), ("Dev", "09:30", 45, "Bryn"), ("Kemal", "09:00", 30, "Chidi"),
    ("Kemal", "09:45", 30, "Duncan"), ("Dev", "10:15", 30, "Ezra"),
]:
    shop.book(barber, minutes(start), length, customer)

for customer, arrived, length in [("Fionn", "09:10", 30), ("Gus", "09:20", 30), ("Hamid", "09:25", 45), ("Ivo", "10:05", 30)]:
    barber, start = shop.walk_in(customer, minutes(arrived), length)
    print(f"{arrived} {customer}: {barber} at {clock(start)}")
for barber, bookings in shop.bookings.items():
    print(f"{barber}: {', '.join(f'{clock(s)} {c}' for s, _, c in bookings)}")
