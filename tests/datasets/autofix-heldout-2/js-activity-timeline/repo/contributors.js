'use strict';
// Renders the activity line of the contributors page from `git log --all --format='%at %an'`:
// with --all, merged branches interleave, so the lines are not in time order.
const { buckets, fromGitLog, sparkline } = require('./lib/timeline');

const log = [
  '1714730400 Ana Lima', '1714644000 Bo', '1714903200 Ana Lima',
  '1714557600 Cy', '1714816800 Bo', '1714557700 Bo',
].join('\n');
console.log(sparkline(buckets(fromGitLog(log))));
