'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { initials } = require('../lib/card');
const { UserStore } = require('../lib/store');

test('initials', () => {
  assert.strictEqual(initials('Ada  Lovelace'), 'AL');
});

test('store finds a user', async () => {
  const store = new UserStore([{ id: 1, profile: { displayName: 'A', team: 'B' } }]);
  assert.strictEqual((await store.find(1)).profile.team, 'B');
});
