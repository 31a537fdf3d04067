// A shop page's script, bundled and minified for the browser source map test (esbuild), with
// debug IDs injected by sentry-cli; the real @sentry/browser reports the uncaught error.
import * as Sentry from '@sentry/browser';
import { applyDiscount } from './cart.js';

Sentry.init({ dsn: window.SHOP_DSN, release: 'shop@2.1.0', environment: 'browser-compat' });

function checkout(code) {
  const cart = { items: [{ price: 2, quantity: 3 }], discounts: { TEN: { percent: 10 } } };
  return applyDiscount(cart, code);
}

document.getElementById('buy').addEventListener('click', () => {
  document.getElementById('total').textContent = String(checkout('UNKNOWN'));
});
