// Bundled and minified by the source map test (esbuild), with debug IDs injected by sentry-cli;
// reports one error through the real @sentry/node and prints its event id.
import * as Sentry from '@sentry/node';
import { applyDiscount } from './cart.js';

Sentry.init({ dsn: process.env.SENTRY_DSN, release: process.env.SENTRY_RELEASE ?? 'shop@2.0.0', environment: 'compat' });

function checkout(code) {
  const cart = { items: [{ price: 2, quantity: 3 }], discounts: { TEN: { percent: 10 } } };
  return applyDiscount(cart, code);
}

let eventId;
try {
  checkout('UNKNOWN');
} catch (error) {
  eventId = Sentry.captureException(error);
}
await Sentry.flush(10000);
process.stdout.write(JSON.stringify({ eventIds: [eventId] }));
