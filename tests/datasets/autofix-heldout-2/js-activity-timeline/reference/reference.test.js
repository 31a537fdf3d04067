'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { buckets } = require('./lib/timeline');

const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2024, 4, 1);

test('commits out of order land in their day', () => {
  const events = [T0 + 3 * DAY, T0 + DAY, T0 + 4 * DAY + 7, T0, T0 + 3 * DAY + 9, T0 + 60].map((at) => ({ at }));
  const result = buckets(events);
  assert.deepStrictEqual(result.map((b) => b.count), [2, 1, 0, 2, 1]);
  assert.strictEqual(result[0].from.getTime(), T0);
});

test('newest first, as git log prints by default', () => {
  const events = [T0 + 2 * DAY, T0 + DAY, T0].map((at) => ({ at }));
  assert.deepStrictEqual(buckets(events).map((b) => b.count), [1, 1, 1]);
});

test('every commit counted once', () => {
  const events = Array.from({ length: 40 }, (_, i) => ({ at: T0 + ((i * 7919) % 40) * 3 * 3600e3 }));
  const result = buckets(events);
  assert.strictEqual(result.reduce((sum, b) => sum + b.count, 0), 40);
  assert.strictEqual(result.length, 5);
});

test('the caller\'s list keeps its order', () => {
  const events = [{ at: T0 + DAY }, { at: T0 }];
  buckets(events);
  assert.deepStrictEqual(events.map((e) => e.at), [T0 + DAY, T0]);
});
