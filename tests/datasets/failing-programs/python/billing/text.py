def clean(value):
    return " ".join(value.strip().split())


def format_address(account):
    return ", ".join(clean(account.get(part)) for part in ("street", "city", "country"))


def format_note(invoice):
    return clean(invoice.get("note"))


def format_phone(account):
    return clean(account["phone"])
