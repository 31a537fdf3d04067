'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { parseDuration, DurationError } = require('./lib/duration');

test('combined units', () => {
  assert.strictEqual(parseDuration('1h30m'), 5400);
  assert.strictEqual(parseDuration('2m15s'), 135);
  assert.strictEqual(parseDuration('1d2h'), 93600);
});

test('single units unchanged', () => {
  assert.strictEqual(parseDuration('15m'), 900);
});

test('garbage is refused with the parser error', () => {
  assert.throws(() => parseDuration('soon'), DurationError);
  assert.throws(() => parseDuration('15x'), DurationError);
});
