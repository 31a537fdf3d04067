'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { Workspace } = require('../lib/workspace');

function workspace() {
  const w = new Workspace();
  w.createChannel('c1', 'general');
  w.createChannel('c2', 'random');
  for (const person of ['ana', 'bo']) w.join(person, 'c1');
  w.join('ana', 'c2');
  return w;
}

test('unread counts messages by others after the last read', () => {
  const w = workspace();
  w.post('c1', 'bo', 1);
  w.post('c1', 'bo', 2);
  w.post('c2', 'cy', 3);
  w.post('c1', 'ana', 4);
  w.read('ana', 'c1', 1);
  assert.strictEqual(w.unread('ana'), 2);
  assert.strictEqual(w.unread('bo'), 1);
});

test('unknown channel is refused', () => {
  assert.throws(() => workspace().post('nope', 'ana', 1), RangeError);
});

test('channels of a person', () => {
  assert.deepStrictEqual(workspace().channelsOf('ana'), ['c1', 'c2']);
});
