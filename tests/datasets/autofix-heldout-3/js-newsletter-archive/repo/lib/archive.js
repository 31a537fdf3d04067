'use strict';
// The archive of the allotment society's newsletter on its static site: issues newest first,
// `perPage` to a page; page 1 is /archive/, page n is /archive/page/n/. Every issue's own page
// ends with a link back to the archive page that lists it.

function byNewest(issues) {
  return [...issues].sort((a, b) => b.number - a.number);
}

/** The archive's pages, numbered from 1, each listing up to `perPage` issues. */
function paginate(issues, perPage) {
  if (!Number.isInteger(perPage) || perPage < 1) throw new RangeError('perPage must be a positive whole number');
  const newest = byNewest(issues);
  const pageCount = Math.floor(newest.length / perPage);
  const pages = [];
  for (let number = 1; number <= pageCount; number++) {
    pages.push({ number, issues: newest.slice((number - 1) * perPage, number * perPage) });
  }
  return pages;
}

function pagePath(number) {
  return number === 1 ? '/archive/' : `/archive/page/${number}/`;
}

/** The footer of an issue's page: back to the archive page that lists it. */
function backLink(pages, issue) {
  const page = pages.find((p) => p.issues.some((listed) => listed.number === issue.number));
  return `<a href="${pagePath(page.number)}">Back to the archive (page ${page.number})</a>`;
}

/** The newer/older links at the foot of an archive page. */
function pageNav(pages, number) {
  const links = [];
  if (number > 1) links.push(`<a href="${pagePath(number - 1)}">Newer issues</a>`);
  if (number < pages.length) links.push(`<a href="${pagePath(number + 1)}">Older issues</a>`);
  return links.join(' | ');
}

module.exports = { paginate, pagePath, backLink, pageNav };
