'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { parseDuration, formatDuration, DurationError } = require('../lib/duration');

test('single units', () => {
  assert.strictEqual(parseDuration('90s'), 90);
  assert.strictEqual(parseDuration(' 15m '), 900);
  assert.strictEqual(parseDuration('2d'), 172800);
});

test('empty is refused', () => {
  assert.throws(() => parseDuration(''), DurationError);
});

test('format', () => {
  assert.strictEqual(formatDuration(5400), '90m');
});
