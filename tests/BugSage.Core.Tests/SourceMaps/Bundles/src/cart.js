// A shop's cart: the discount lookup fails for an unknown code.
export function totalPrice(cart) {
  let total = 0;
  for (const item of cart.items) {
    total += item.price * item.quantity;
  }
  return total;
}

export function applyDiscount(cart, code) {
  const rule = cart.discounts[code];
  return totalPrice(cart) * (1 - rule.percent / 100);
}
