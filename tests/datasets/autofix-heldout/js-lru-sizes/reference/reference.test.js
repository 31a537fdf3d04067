'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { SizedLru } = require('./lib/lru');

test('a read makes an entry the most recent, once', () => {
  const cache = new SizedLru(100);
  cache.set('a', '1');
  cache.set('b', '2');
  cache.get('a');
  assert.deepStrictEqual(cache.keys(), ['b', 'a']);
});

test('eviction after reads drops the least recently used and keeps the size exact', () => {
  const cache = new SizedLru(30);
  cache.set('/', 'home-page-html');
  cache.set('/about', 'about-html');
  cache.get('/');
  cache.set('/pricing', 'pricing-html');
  cache.set('/blog', 'blog-index-html');
  cache.set('/jobs', 'jobs-html');
  assert.deepStrictEqual(cache.keys(), ['/blog', '/jobs']);
  assert.strictEqual(cache.bytes, 24);
  assert.strictEqual(cache.get('/'), undefined);
});

test('a read entry survives an eviction its neighbour does not', () => {
  const cache = new SizedLru(10);
  cache.set('a', '12345');
  cache.set('b', '12345');
  cache.get('a');
  cache.set('c', '12345');
  assert.deepStrictEqual(cache.keys(), ['a', 'c']);
  assert.strictEqual(cache.bytes, 10);
});
