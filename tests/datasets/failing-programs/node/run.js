// Runs one request of the shop that fails, reporting through the real @sentry/node.
// Usage: SENTRY_DSN=... node run.js <route> '<input json>' <user id>
const Sentry = require('@sentry/node');
const { dispatch } = require('./src/routes');

Sentry.init({ dsn: process.env.SENTRY_DSN, release: 'shop@2.4.1', environment: 'production', tracesSampleRate: 0 });

async function main() {
  const [route, input, userId] = process.argv.slice(2);
  Sentry.setUser({ id: userId });
  Sentry.setTag('route', route);
  Sentry.addBreadcrumb({ category: 'http', message: `POST /${route}`, level: 'info' });
  try {
    await dispatch(route, JSON.parse(input));
  } catch (error) {
    Sentry.captureException(error);
  }
  await Sentry.flush(5000);
}

main();
