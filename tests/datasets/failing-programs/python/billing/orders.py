def first_item(order):
    return order["items"][0]


def shipping_label(order):
    item = first_item(order)
    return f"{order['id']}: {item['sku']}"
