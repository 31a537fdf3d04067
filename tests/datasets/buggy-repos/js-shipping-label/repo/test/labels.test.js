'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { shippingLabel } = require('../src/labels');

test('prints name, street and city', () => {
  assert.strictEqual(shippingLabel({ items: [1], customer: { name: 'A', street: 'S', city: 'C' } }), 'A\nS\nC');
});

test('refuses orders without items', () => {
  assert.throws(() => shippingLabel({ items: [] }), /no items/);
});

test('refuses orders without a customer', () => {
  assert.throws(() => shippingLabel({ items: [1] }), /customer/);
});
