// Reports errors to BugSage through the real @sentry/node, one scenario per run.
// Usage: SENTRY_DSN=... node scenarios.mjs <scenario>; prints {"eventIds": [...]} on success.
import * as Sentry from '@sentry/node';

const scenario = process.argv[2];
Sentry.init({
  dsn: process.env.SENTRY_DSN,
  release: 'compat@1.0.0',
  environment: 'compat',
  tracesSampleRate: 0,
  sendDefaultPii: false,
});

function findUser(users, id) {
  return users[id].name;
}

const eventIds = [];
switch (scenario) {
  case 'exception': {
    Sentry.setUser({ id: 'user-7', email: 'user7@example.com' });
    Sentry.setTag('feature', 'checkout');
    Sentry.addBreadcrumb({ category: 'cart', message: 'Added 2 items to the cart', level: 'info' });
    Sentry.addBreadcrumb({ category: 'http', message: 'POST /api/orders', level: 'info' });
    try {
      findUser({}, 'missing');
    } catch (error) {
      eventIds.push(Sentry.captureException(error, { extra: { password: 'hunter2', orderTotal: 42 } }));
    }
    break;
  }
  case 'message':
    eventIds.push(Sentry.captureMessage('Payment provider answered slowly after 1834 ms', 'warning'));
    break;
  case 'fingerprint':
    for (const text of ['Gateway A timed out', 'Gateway B refused the connection']) {
      Sentry.withScope((scope) => {
        scope.setFingerprint(['payment-gateway-down']);
        eventIds.push(Sentry.captureException(new Error(text)));
      });
    }
    break;
  case 'chained': {
    const cause = new Error('socket hang up');
    eventIds.push(Sentry.captureException(new Error('Could not load the profile', { cause })));
    break;
  }
  case 'large':
    // Over 32 KiB: the SDK gzips the envelope.
    eventIds.push(Sentry.captureException(new Error('Report rendering failed'), { extra: { report: 'row;'.repeat(20000) } }));
    break;
  case 'healthy':
    // Nothing goes wrong: the process session the SDK starts at init ends cleanly when the process exits.
    Sentry.setUser({ id: 'user-8' });
    break;
  case 'uncaught':
    Sentry.setUser({ id: 'user-9' });
    // The SDK's uncaught-exception handler reports this and ends the process.
    setTimeout(() => {
      throw new RangeError('Worker queue index out of range');
    }, 10);
    break;
  default:
    console.error(`unknown scenario ${scenario}`);
    process.exit(2);
}

if (scenario !== 'uncaught') {
  const delivered = await Sentry.flush(10000);
  if (!delivered) {
    console.error('flush timed out');
    process.exit(3);
  }
  console.log(JSON.stringify({ eventIds }));
}
