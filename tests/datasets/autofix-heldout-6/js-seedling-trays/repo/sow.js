'use strict';
// Monday's sowing sheet: plans the week's sowings onto trays and prints the tray maps for the bench
// and the labels to write, as the nursery's sheet job does before the seeds come out.
const fs = require('node:fs');
const path = require('node:path');
const { plan, traysNeeded } = require('./lib/planner');
const { labels } = require('./lib/labels');

const data = path.join(__dirname, 'data');
const trayTypes = JSON.parse(fs.readFileSync(path.join(data, 'trays.json'), 'utf8'));
const week = JSON.parse(fs.readFileSync(path.join(data, 'week-12.json'), 'utf8'));

const { trays, runs } = plan(week.sowings, trayTypes);

const needed = traysNeeded(trays);
console.log(`week ${week.week}: ${Object.entries(needed).map(([type, n]) => `${n} x ${type}`).join(', ')}`);
for (const tray of trays) {
  console.log('');
  for (const line of tray.map()) console.log(line);
}
console.log('');
for (const line of labels(runs, week.week)) console.log(line);
