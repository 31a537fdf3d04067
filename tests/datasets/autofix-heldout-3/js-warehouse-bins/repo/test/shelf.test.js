'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { Shelf } = require('../lib/shelf');

test('new stock goes into the first empty bin', () => {
  const shelf = new Shelf('A', 3);
  assert.strictEqual(shelf.putAway('MUG', 10), 1);
  assert.strictEqual(shelf.putAway('PLATE', 4), 2);
  assert.deepStrictEqual(shelf.labels(), ['A-1: MUG x10', 'A-2: PLATE x4', 'A-3: (empty)']);
});

test('more of a product joins the bin that holds it', () => {
  const shelf = new Shelf('A', 3);
  shelf.putAway('MUG', 10);
  shelf.putAway('PLATE', 4);
  assert.strictEqual(shelf.putAway('PLATE', 6), 2);
  assert.strictEqual(shelf.stock('PLATE'), 10);
});

test('picking empties a bin for other stock', () => {
  const shelf = new Shelf('A', 2);
  shelf.putAway('MUG', 2);
  shelf.pick('MUG', 2);
  assert.strictEqual(shelf.stock('MUG'), 0);
  assert.strictEqual(shelf.putAway('BOWL', 5), 1);
});

test('picking more than the shelf holds is refused', () => {
  const shelf = new Shelf('A', 2);
  shelf.putAway('MUG', 2);
  assert.throws(() => shelf.pick('MUG', 3), RangeError);
  assert.throws(() => shelf.pick('BOWL', 1), RangeError);
});

test('quantities are whole and positive', () => {
  assert.throws(() => new Shelf('A', 2).putAway('MUG', 0), RangeError);
  assert.throws(() => new Shelf('A', 2).putAway('MUG', 1.5), RangeError);
});
