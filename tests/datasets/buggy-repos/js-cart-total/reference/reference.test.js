'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { cartTotal } = require('./src/cart');

test('reference: empty cart', () => assert.strictEqual(cartTotal([]), 0));
