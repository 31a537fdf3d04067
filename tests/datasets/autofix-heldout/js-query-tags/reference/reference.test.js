'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { parseQuery, tagsOf } = require('./lib/query');

test('repeated tag keys give every tag', () => {
  assert.deepStrictEqual(tagsOf(parseQuery('q=lamp&tag=vintage&tag=brass')), ['vintage', 'brass']);
});

test('repeated and comma-separated together', () => {
  assert.deepStrictEqual(tagsOf(parseQuery('tag=a,b&tag= c&tag=')), ['a', 'b', 'c']);
});

test('a single tag still works', () => {
  assert.deepStrictEqual(tagsOf(parseQuery('tag=a')), ['a']);
});
