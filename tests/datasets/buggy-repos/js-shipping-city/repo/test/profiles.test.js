'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { shippingCity, greeting } = require('../src/profiles');

test('greets by name', async () => {
  assert.strictEqual(await greeting(2), 'Hello Grace');
});

test('ships to the profile city', async () => {
  assert.strictEqual(await shippingCity(1), 'London');
});
