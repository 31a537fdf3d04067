'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { formatPrice } = require('../src/money');

test('formats with the given currency', () => {
  assert.strictEqual(formatPrice(3, { currency: 'USD', digits: 1 }), '3.0 USD');
});

test('options are optional', () => {
  assert.strictEqual(formatPrice(5), '5.00 EUR');
});
