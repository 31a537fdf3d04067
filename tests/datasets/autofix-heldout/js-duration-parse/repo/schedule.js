'use strict';
// Loads the job schedule the operators wrote.
const { parseDuration } = require('./lib/duration');

const jobs = [{ name: 'digest', every: '15m' }, { name: 'backup', every: '1h30m' }];
for (const job of jobs) console.log(job.name, 'every', parseDuration(job.every), 's');
