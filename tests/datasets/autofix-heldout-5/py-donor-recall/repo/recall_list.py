"""Prints the recall list for the next Ledbury session: donors to invite, and those who must wait."""
import sys
from datetime import date

from donation.recall import invitations, not_yet
from donation.register import read_register

session = date.fromisoformat(sys.argv[1] if len(sys.argv) > 1 else "2024-11-20")
with open("sessions/ledbury-register.csv", encoding="utf-8") as file:
    donors = read_register(file.read())
print(f"Ledbury session {session:%d/%m/%Y}")
for donor in invitations(donors, session):
    print(f"  invite  {donor.id}  {donor.name:<16} {donor.group}")
for donor, eligible in not_yet(donors, session):
    print(f"  wait    {donor.id}  {donor.name:<16} {donor.group}  from {eligible:%d/%m/%Y}")
