'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { Shelf } = require('./lib/shelf');

test('more of the product in the first bin joins that bin', () => {
  const shelf = new Shelf('A', 3);
  shelf.putAway('MUG', 10);
  assert.strictEqual(shelf.putAway('MUG', 5), 1);
  assert.deepStrictEqual(shelf.labels(), ['A-1: MUG x15', 'A-2: (empty)', 'A-3: (empty)']);
});

test("Tuesday's deliveries on shelf C", () => {
  const shelf = new Shelf('C', 3);
  const bins = [['MUG-12OZ', 24], ['PLATE-DIN', 12], ['BOWL-SML', 18], ['MUG-12OZ', 12], ['PLATE-DIN', 6]].map(([sku, qty]) => shelf.putAway(sku, qty));
  assert.deepStrictEqual(bins, [1, 2, 3, 1, 2]);
  assert.deepStrictEqual(shelf.labels(), ['C-1: MUG-12OZ x36', 'C-2: PLATE-DIN x18', 'C-3: BOWL-SML x18']);
});

test('a product is never split over two bins', () => {
  const shelf = new Shelf('B', 4);
  for (const [sku, qty] of [['MUG', 1], ['PLATE', 1], ['MUG', 2], ['BOWL', 1], ['MUG', 3]]) shelf.putAway(sku, qty);
  assert.deepStrictEqual(shelf.labels(), ['B-1: MUG x6', 'B-2: PLATE x1', 'B-3: BOWL x1', 'B-4: (empty)']);
  shelf.pick('MUG', 6);
  assert.deepStrictEqual(shelf.labels()[0], 'B-1: (empty)');
  assert.strictEqual(shelf.stock('MUG'), 0);
});

test('other bins as before', () => {
  const shelf = new Shelf('A', 3);
  shelf.putAway('MUG', 10);
  shelf.putAway('PLATE', 4);
  assert.strictEqual(shelf.putAway('PLATE', 6), 2);
  assert.strictEqual(shelf.putAway('BOWL', 1), 3);
  assert.throws(() => shelf.putAway('MUG', -1), RangeError);
});
