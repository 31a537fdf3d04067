'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { buckets, fromGitLog, sparkline } = require('../lib/timeline');

const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2024, 4, 1);

test('daily buckets from the first commit', () => {
  const events = [T0, T0 + 3600e3, T0 + 2 * DAY + 5].map((at) => ({ at }));
  assert.deepStrictEqual(buckets(events).map((b) => b.count), [2, 0, 1]);
});

test('no commits, no buckets', () => {
  assert.deepStrictEqual(buckets([]), []);
});

test('git log lines', () => {
  assert.deepStrictEqual(fromGitLog('1714521600 Ana Lima\n\n1714525200 Bo\n'), [
    { at: 1714521600000, author: 'Ana Lima' },
    { at: 1714525200000, author: 'Bo' },
  ]);
});

test('sparkline', () => {
  assert.strictEqual(sparkline([{ count: 0 }, { count: 2 }, { count: 4 }]), ' ▄█');
});
