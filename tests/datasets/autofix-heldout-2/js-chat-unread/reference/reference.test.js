'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { Workspace } = require('./lib/workspace');

function workspace() {
  const w = new Workspace();
  w.createChannel('general', 'general');
  w.createChannel('launch', 'launch');
  for (const person of ['ana', 'bo']) { w.join(person, 'general'); w.join(person, 'launch'); }
  w.post('general', 'ana', 1);
  w.post('launch', 'ana', 2);
  return w;
}

test('an archived channel no longer counts', () => {
  const w = workspace();
  assert.strictEqual(w.unread('bo'), 2);
  for (const person of ['ana', 'bo']) w.leave(person, 'launch');
  w.deleteChannel('launch');
  w.post('general', 'ana', 3);
  assert.strictEqual(w.unread('bo'), 2);
  assert.deepStrictEqual(w.channelsOf('bo'), ['general']);
});

test('a channel joined after the badge was shown counts', () => {
  const w = workspace();
  assert.strictEqual(w.unread('bo'), 2);
  w.createChannel('ops', 'ops');
  w.join('bo', 'ops');
  w.post('ops', 'ana', 5);
  assert.strictEqual(w.unread('bo'), 3);
});

test('leaving a channel stops its messages counting', () => {
  const w = workspace();
  assert.strictEqual(w.unread('bo'), 2);
  w.leave('bo', 'launch');
  w.post('launch', 'ana', 4);
  assert.strictEqual(w.unread('bo'), 1);
});

test('a deleted channel vanishes for people who never left it', () => {
  const w = workspace();
  assert.strictEqual(w.unread('ana'), 0);
  w.post('launch', 'bo', 3);
  assert.strictEqual(w.unread('ana'), 1);
  w.deleteChannel('launch');
  assert.strictEqual(w.unread('ana'), 0);
});
