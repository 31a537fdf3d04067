'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { parseQuery, tagsOf } = require('../lib/query');

test('comma-separated tags', () => {
  assert.deepStrictEqual(tagsOf(parseQuery('tag=a, b,,c')), ['a', 'b', 'c']);
});

test('no tags', () => {
  assert.deepStrictEqual(tagsOf(parseQuery('q=lamp')), []);
});

test('repeated keys keep every value', () => {
  assert.deepStrictEqual(parseQuery('x=1&x=2').x, ['1', '2']);
});
