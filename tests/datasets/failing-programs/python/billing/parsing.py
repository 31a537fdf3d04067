def parse_quantity(raw):
    return int(raw)


def import_order_line(line):
    sku, quantity = line.split(",")
    return {"sku": sku, "quantity": parse_quantity(quantity)}


def update_cart(cart, form):
    cart[form["sku"]] = parse_quantity(form["quantity"])
    return cart
