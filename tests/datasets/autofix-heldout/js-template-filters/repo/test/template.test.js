'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { render } = require('../lib/template');

test('plain tags', () => {
  assert.strictEqual(render('Hi {{ user.name }}', { user: { name: 'Ada' } }), 'Hi Ada');
});

test('filter', () => {
  assert.strictEqual(render('{{name|upper}}', { name: 'ada' }), 'ADA');
});

test('missing value renders empty', () => {
  assert.strictEqual(render('[{{ nope.deeper }}]', {}), '[]');
});
