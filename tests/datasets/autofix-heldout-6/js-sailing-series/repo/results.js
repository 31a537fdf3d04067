'use strict';
// After the last race of the day: scores the series so far and prints the standings and the results
// sheet for the notice board, as the club's results job does.
const fs = require('node:fs');
const path = require('node:path');
const { Series } = require('./lib/series');
const { standingsTable, raceSheet } = require('./lib/sheet');

const data = path.join(__dirname, 'data');
const fleet = JSON.parse(fs.readFileSync(path.join(data, 'fleet.json'), 'utf8'));
const spring = JSON.parse(fs.readFileSync(path.join(data, 'spring-series.json'), 'utf8'));

const series = new Series(spring.name, fleet, spring.discards);
for (const race of spring.races) series.addRace(race);

console.log(`${series.name} standings`);
for (const line of standingsTable(series)) console.log(line);
console.log('');
for (const line of raceSheet(series)) console.log(line);
