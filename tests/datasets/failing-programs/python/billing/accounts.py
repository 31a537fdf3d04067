def invoice_contact(account):
    return account["billing"]["email"]


def overdue_notice(account):
    return {"to": invoice_contact(account), "subject": "Your invoice is overdue"}
