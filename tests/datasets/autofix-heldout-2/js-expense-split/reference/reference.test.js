'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { Ledger, splitEvenly } = require('./lib/ledger');

const total = (shares) => shares.reduce((sum, [, cents]) => sum + cents, 0);

test('shares are whole cents and add up to the amount', () => {
  for (const [cents, people] of [[1000, 3], [4550, 3], [999, 2], [1, 4], [10001, 7]]) {
    const shares = splitEvenly(cents, Array.from({ length: people }, (_, i) => `p${i}`));
    assert.ok(shares.every(([, share]) => Number.isInteger(share)), `${cents}/${people}`);
    assert.strictEqual(total(shares), cents, `${cents}/${people}`);
    const amounts = shares.map(([, share]) => share);
    assert.ok(Math.max(...amounts) - Math.min(...amounts) <= 1, `${cents}/${people} is even to the cent`);
  }
});

test('the leftover cents go to the first people listed', () => {
  assert.deepStrictEqual(splitEvenly(1000, ['ana', 'bo', 'cy']), [['ana', 334], ['bo', 333], ['cy', 333]]);
  assert.deepStrictEqual(splitEvenly(1001, ['ana', 'bo', 'cy']), [['ana', 334], ['bo', 334], ['cy', 333]]);
});

test('a month that does not divide evenly balances to zero', () => {
  const ledger = new Ledger(['ana', 'bo', 'cy']);
  ledger.addExpense('ana', 6000, ['ana', 'bo', 'cy']);
  ledger.addExpense('bo', 4550, ['ana', 'bo', 'cy']);
  ledger.addExpense('cy', 999, ['bo', 'cy']);
  const summary = ledger.summary();
  assert.deepStrictEqual(summary, { ana: 2483, bo: 533, cy: -3016 });
  assert.strictEqual(Object.values(summary).reduce((a, b) => a + b, 0), 0);
});
