'use strict';
// Builds Saturday's running orders from the stages and the bookers' confirmed acts, and prints
// them for the stage managers.
const fs = require('node:fs');
const path = require('node:path');
const { Lineup } = require('./lib/lineup');

const read = (file) => JSON.parse(fs.readFileSync(path.join(__dirname, 'data', file), 'utf8'));
const lineup = new Lineup(read('stages.json'));

for (const booking of read('saturday-bookings.json')) {
  lineup.book(booking.stage, booking.act, booking.minutes);
}
for (const name of lineup.stages.keys()) {
  console.log(`== ${name}`);
  for (const line of lineup.runningOrder(name)) console.log(line);
}
