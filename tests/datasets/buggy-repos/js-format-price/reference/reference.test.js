'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { formatPrice } = require('./src/money');

test('reference: default currency and digits', () => assert.strictEqual(formatPrice(42.5), '42.50 EUR'));
test('reference: explicit options still win', () => assert.strictEqual(formatPrice(1, { currency: 'GBP', digits: 0 }), '1 GBP'));
