'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { UserStore } = require('./lib/store');
const { profileCard } = require('./lib/card');

test('the card names the user and the team', async () => {
  const store = new UserStore([{ id: 7, profile: { displayName: 'Ada Lovelace', team: 'Engines' } }]);
  assert.strictEqual(await profileCard(store, 7), 'Ada Lovelace (Engines)');
});

test('an unknown user is still an error, not a blank card', async () => {
  const store = new UserStore([]);
  await assert.rejects(profileCard(store, 1), /no user 1/);
});
