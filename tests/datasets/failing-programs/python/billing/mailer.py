def recipient(user):
    return f"{user['name']} <{user['email']}>"


def send_receipt(user, order_id):
    return {"to": recipient(user), "subject": f"Receipt for order {order_id}"}


def send_reminder(user, days):
    return {"to": recipient(user), "subject": f"Your trial ends in {days} days"}
