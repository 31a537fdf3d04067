import { applyDiscount } from './cart.js';

export class Checkout {
  constructor(cart) {
    this.cart = cart;
  }

  priceWith(code) {
    const price = applyDiscount(this.cart, code);
    return { price, currency: 'EUR' };
  }
}

export function runCheckout(code) {
  const checkout = new Checkout({ items: [{ price: 2, quantity: 3 }], discounts: { TEN: { percent: 10 } } });
  return checkout.priceWith(code);
}

try {
  runCheckout('UNKNOWN');
} catch (error) {
  process.stdout.write(error.stack + '\n');
}
