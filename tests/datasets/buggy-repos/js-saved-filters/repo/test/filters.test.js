'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { readSavedFilters, activeFilterCount } = require('../lib/filters');

test('reads saved filters', () => {
  assert.deepStrictEqual(readSavedFilters('{"status":"open"}'), { status: 'open' });
});

test('nothing saved', () => {
  assert.strictEqual(activeFilterCount(undefined), 0);
});

test('corrupt filters read as none', () => {
  assert.strictEqual(readSavedFilters('{status:'), null);
});
