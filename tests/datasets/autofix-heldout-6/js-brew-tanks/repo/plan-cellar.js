'use strict';
// The cellar plan for the month: reads the head brewer's exported plan and prints which fermenter each
// batch goes into, every tank's board and what is left waiting, as the brewery's planning job does.
const fs = require('node:fs');
const path = require('node:path');
const { parsePlan } = require('./lib/plan-csv');
const { schedule, cellarSheet } = require('./lib/schedule');

const data = path.join(__dirname, 'data');
const cellar = JSON.parse(fs.readFileSync(path.join(data, 'cellar.json'), 'utf8'));
const file = process.argv[2] ?? 'march-plan.csv';

const batches = parsePlan(fs.readFileSync(path.join(data, file), 'utf8'), cellar.styleDays);
console.log(`${file}: ${batches.length} batches`);
for (const line of cellarSheet(schedule(batches, cellar))) console.log(line);
