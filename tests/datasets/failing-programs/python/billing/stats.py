def average(values):
    return sum(values) / len(values)


def monthly_report(invoices):
    return {"average_total": average([i["total"] for i in invoices])}


def dashboard_summary(payments):
    return {"average_payment": average([p["amount"] for p in payments if p["settled"]])}
