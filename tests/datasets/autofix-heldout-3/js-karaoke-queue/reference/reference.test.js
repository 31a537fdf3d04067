'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { SignUpQueue } = require('./lib/queue');

function friday() {
  const queue = new SignUpQueue();
  for (const [singer, song] of [['mona', 'Dancing Queen'], ['raj', 'Wonderwall'], ['ilse', 'Africa'], ['kofi', 'Valerie']]) queue.signUp(singer, song);
  return queue;
}

test('withdrawing from the middle keeps everyone after', () => {
  const queue = friday();
  queue.withdraw(2);
  assert.deepStrictEqual(queue.upcoming, ['mona: Dancing Queen', 'ilse: Africa', 'kofi: Valerie']);
  assert.strictEqual(queue.position(3), 1);
  assert.strictEqual(queue.position(4), 2);
});

test('withdrawing the first singer', () => {
  const queue = friday();
  queue.withdraw(1);
  assert.deepStrictEqual(queue.upcoming, ['raj: Wonderwall', 'ilse: Africa', 'kofi: Valerie']);
  assert.strictEqual(queue.callNext(), 'Please welcome RAJ with "Wonderwall"!');
});

test("Friday's night, replayed", () => {
  const queue = friday();
  assert.strictEqual(queue.callNext(), 'Please welcome MONA with "Dancing Queen"!');
  queue.signUp('bea', 'Jolene');
  queue.withdraw(2);
  assert.deepStrictEqual(
    [queue.callNext(), queue.callNext(), queue.callNext()],
    ['Please welcome ILSE with "Africa"!', 'Please welcome KOFI with "Valerie"!', 'Please welcome BEA with "Jolene"!'],
  );
  assert.deepStrictEqual(queue.upcoming, []);
  assert.deepStrictEqual(queue.sung.map((entry) => entry.singer), ['mona', 'ilse', 'kofi', 'bea']);
});

test('two singers leave', () => {
  const queue = friday();
  queue.withdraw(3);
  queue.withdraw(1);
  assert.deepStrictEqual(queue.upcoming, ['raj: Wonderwall', 'kofi: Valerie']);
});

test('withdrawing the last one and unknown tickets as before', () => {
  const queue = friday();
  queue.withdraw(4);
  assert.deepStrictEqual(queue.upcoming, ['mona: Dancing Queen', 'raj: Wonderwall', 'ilse: Africa']);
  assert.throws(() => queue.withdraw(4), RangeError);
});
