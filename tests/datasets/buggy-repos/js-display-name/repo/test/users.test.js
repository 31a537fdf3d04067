'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { displayName, initials } = require('../src/users');

test('names a known user', () => {
  assert.strictEqual(displayName(2), 'Grace Hopper');
});

test('an unknown user has no name', () => {
  assert.strictEqual(displayName(404), null);
});

test('initials', () => {
  assert.strictEqual(initials(1), 'AL');
  assert.strictEqual(initials(404), '?');
});
