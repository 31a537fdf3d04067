'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { Ledger, splitEvenly, formatCents } = require('../lib/ledger');

test('an even split', () => {
  assert.deepStrictEqual(splitEvenly(900, ['ana', 'bo', 'cy']), [['ana', 300], ['bo', 300], ['cy', 300]]);
});

test('balances after shopping', () => {
  const ledger = new Ledger(['ana', 'bo']);
  ledger.addExpense('ana', 5000, ['ana', 'bo']);
  ledger.addExpense('bo', 1200, ['ana', 'bo']);
  assert.deepStrictEqual(ledger.summary(), { ana: 1900, bo: -1900 });
});

test('amounts must be whole cents and members known', () => {
  const ledger = new Ledger(['ana']);
  assert.throws(() => ledger.addExpense('ana', 10.5, ['ana']), RangeError);
  assert.throws(() => ledger.addExpense('zed', 100, ['ana']), RangeError);
});

test('format', () => {
  assert.strictEqual(formatCents(-1905), '-19.05');
});
