'use strict';

function formatPrice(amount, options) {
  const currency = options.currency || 'EUR';
  const digits = options.digits ?? 2;
  return `${amount.toFixed(digits)} ${currency}`;
}

module.exports = { formatPrice };
