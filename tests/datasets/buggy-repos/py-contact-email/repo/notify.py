"""Sends the weekly digest; user 7 was deleted last week but is still subscribed."""
from accounts.directory import contact_email

for subscriber in (1, 7):
    print("sending digest to", contact_email(subscriber))
