"""The user directory the notifier reads contact details from."""
from dataclasses import dataclass


@dataclass
class User:
    id: int
    email: str
    active: bool = True


USERS = {
    1: User(1, "Ada@Example.com"),
    2: User(2, "grace@example.com", active=False),
}


def find_user(user_id):
    return USERS.get(user_id)


def contact_email(user_id):
    user = find_user(user_id)
    return user.email.lower()
