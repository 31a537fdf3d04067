'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { SignUpQueue } = require('../lib/queue');

function friday() {
  const queue = new SignUpQueue();
  queue.signUp('mona', 'Dancing Queen');
  queue.signUp('raj', 'Wonderwall');
  queue.signUp('ilse', 'Africa');
  return queue;
}

test('singers are called in sign-up order', () => {
  const queue = friday();
  assert.strictEqual(queue.callNext(), 'Please welcome MONA with "Dancing Queen"!');
  assert.strictEqual(queue.callNext(), 'Please welcome RAJ with "Wonderwall"!');
  assert.deepStrictEqual(queue.upcoming, ['ilse: Africa']);
});

test('tickets and positions', () => {
  const queue = friday();
  assert.strictEqual(queue.signUp('kofi', 'Valerie'), 4);
  assert.strictEqual(queue.position(1), 0);
  assert.strictEqual(queue.position(4), 3);
});

test('a singer who leaves is taken off', () => {
  const queue = friday();
  queue.withdraw(3);
  assert.deepStrictEqual(queue.upcoming, ['mona: Dancing Queen', 'raj: Wonderwall']);
  assert.throws(() => queue.position(3), RangeError);
});

test('withdrawing a ticket that is not waiting is refused', () => {
  assert.throws(() => friday().withdraw(9), RangeError);
});

test('a sign-up needs a song', () => {
  assert.throws(() => new SignUpQueue().signUp('mona', ''), TypeError);
});
