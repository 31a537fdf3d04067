'use strict';
// Builds the archive part of the site: one archive page per page of issues, and the footer of every issue's page.
const fs = require('node:fs');
const path = require('node:path');
const { paginate, pagePath, backLink, pageNav } = require('./lib/archive');

const PER_PAGE = 10;
const issues = JSON.parse(fs.readFileSync(path.join(__dirname, 'content', 'issues.json'), 'utf8'));
const pages = paginate(issues, PER_PAGE);
for (const page of pages) {
  console.log(`${pagePath(page.number)}  issues ${page.issues.map((i) => i.number).join(', ')}  [${pageNav(pages, page.number)}]`);
}
for (const issue of issues) console.log(`/issues/${issue.number}/  ${backLink(pages, issue)}`);
