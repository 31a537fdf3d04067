'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const { paginate, backLink, pageNav } = require('./lib/archive');

const issues = (count) => Array.from({ length: count }, (_, i) => ({ number: i + 1, title: `Issue ${i + 1}`, date: '2024-01-01' }));

test('the last page holds the oldest issues that do not fill a page', () => {
  const pages = paginate(issues(7), 3);
  assert.deepStrictEqual(pages.map((p) => p.issues.map((i) => i.number)), [[7, 6, 5], [4, 3, 2], [1]]);
});

test('fewer issues than a page make one page', () => {
  assert.deepStrictEqual(paginate(issues(2), 10).map((p) => p.issues.map((i) => i.number)), [[2, 1]]);
});

test('full pages as before', () => {
  assert.strictEqual(paginate(issues(6), 3).length, 2);
  assert.strictEqual(paginate(issues(10), 10).length, 1);
});

test('every issue is listed exactly once and links back to its page', () => {
  const all = issues(23);
  const pages = paginate(all, 10);
  assert.deepStrictEqual(pages.map((p) => p.issues.length), [10, 10, 3]);
  assert.deepStrictEqual(pages.flatMap((p) => p.issues.map((i) => i.number)).sort((a, b) => a - b), all.map((i) => i.number));
  assert.strictEqual(backLink(pages, all[0]), '<a href="/archive/page/3/">Back to the archive (page 3)</a>');
  assert.strictEqual(backLink(pages, all[2]), '<a href="/archive/page/3/">Back to the archive (page 3)</a>');
  assert.strictEqual(backLink(pages, all[3]), '<a href="/archive/page/2/">Back to the archive (page 2)</a>');
  assert.strictEqual(backLink(pages, all[22]), '<a href="/archive/">Back to the archive (page 1)</a>');
});

test('the page before the last links to it', () => {
  const pages = paginate(issues(23), 10);
  assert.strictEqual(pageNav(pages, 2), '<a href="/archive/">Newer issues</a> | <a href="/archive/page/3/">Older issues</a>');
  assert.strictEqual(pageNav(pages, 3), '<a href="/archive/page/2/">Newer issues</a>');
});

test("the society's archive", () => {
  const all = JSON.parse(fs.readFileSync('content/issues.json', 'utf8'));
  const pages = paginate(all, 10);
  assert.deepStrictEqual(pages.map((p) => [p.issues[0].number, p.issues[p.issues.length - 1].number]), [[23, 14], [13, 4], [3, 1]]);
});
