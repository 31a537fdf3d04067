def normalize_sku(sku):
    return sku.strip().upper()


def price_list(products):
    return {normalize_sku(p.get("sku")): p["price"] for p in products}
