'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { cartTotal } = require('../src/cart');

test('sums the lines', () => {
  assert.strictEqual(cartTotal([{ price: 2, quantity: 3 }, { price: 1, quantity: 1 }]), 7);
});

test('an empty cart totals 0', () => {
  assert.strictEqual(cartTotal([]), 0);
});
