'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { paginate, pagePath, backLink, pageNav } = require('../lib/archive');

const issues = (count) => Array.from({ length: count }, (_, i) => ({ number: i + 1, title: `Issue ${i + 1}`, date: '2024-01-01' }));

test('pages list the newest issues first', () => {
  const pages = paginate(issues(6), 3);
  assert.deepStrictEqual(pages.map((p) => p.issues.map((i) => i.number)), [[6, 5, 4], [3, 2, 1]]);
  assert.deepStrictEqual(pages.map((p) => p.number), [1, 2]);
});

test('page paths', () => {
  assert.strictEqual(pagePath(1), '/archive/');
  assert.strictEqual(pagePath(3), '/archive/page/3/');
});

test('an issue links back to its archive page', () => {
  const all = issues(4);
  const pages = paginate(all, 2);
  assert.strictEqual(backLink(pages, all[3]), '<a href="/archive/">Back to the archive (page 1)</a>');
  assert.strictEqual(backLink(pages, all[0]), '<a href="/archive/page/2/">Back to the archive (page 2)</a>');
});

test('newer and older links', () => {
  const pages = paginate(issues(9), 3);
  assert.strictEqual(pageNav(pages, 1), '<a href="/archive/page/2/">Older issues</a>');
  assert.strictEqual(pageNav(pages, 2), '<a href="/archive/">Newer issues</a> | <a href="/archive/page/3/">Older issues</a>');
  assert.strictEqual(pageNav(pages, 3), '<a href="/archive/page/2/">Newer issues</a>');
});

test('page size must be a positive whole number', () => {
  assert.throws(() => paginate(issues(3), 0), RangeError);
});
