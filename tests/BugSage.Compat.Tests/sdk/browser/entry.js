// Exposes the npm @sentry/browser package to the compatibility test page as window.Sentry.
import * as Sentry from '@sentry/browser';

window.Sentry = Sentry;
