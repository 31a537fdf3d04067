'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { SizedLru } = require('../lib/lru');

test('evicts the oldest when over budget', () => {
  const cache = new SizedLru(10);
  cache.set('a', '12345');
  cache.set('b', '12345');
  cache.set('c', '12345');
  assert.deepStrictEqual(cache.keys(), ['b', 'c']);
  assert.strictEqual(cache.bytes, 10);
});

test('replacing a key keeps the size exact', () => {
  const cache = new SizedLru(100);
  cache.set('a', '123');
  cache.set('a', '12345');
  assert.strictEqual(cache.bytes, 5);
});

test('get answers the value', () => {
  const cache = new SizedLru(100);
  cache.set('a', 'x');
  assert.strictEqual(cache.get('a'), 'x');
  assert.strictEqual(cache.get('b'), undefined);
});
