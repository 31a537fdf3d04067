'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { shippingCity } = require('./src/profiles');

test('reference: city of customer 2', async () => assert.strictEqual(await shippingCity(2), 'Arlington'));
