'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { shippingLabel } = require('./src/labels');

test('reference: guest order is refused with a clear error', () => {
  assert.throws(() => shippingLabel({ items: [2] }), (error) => error instanceof Error && /customer/.test(error.message) && !/Cannot read/.test(error.message));
});
