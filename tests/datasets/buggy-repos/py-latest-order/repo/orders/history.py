"""A customer's order history."""


def latest_order(orders):
    ordered = sorted(orders, key=lambda order: order["placed_at"])
    return ordered[-1]


def lifetime_value(orders):
    return sum(order["total"] for order in orders)
