'use strict';
// Prints the back of a trail's leaflet: the strip map and the list of stops with their walk.
const { Trail } = require('./lib/trail');
const { stripMap } = require('./lib/strip-map');

const file = process.argv[2] || './trails/north-loop.json';
const { name, stops } = require(file);
const trail = new Trail(name, stops);
console.log(`${trail.name}: ${trail.length} m, about ${trail.minutes()} minutes`);
console.log(stripMap(trail));
for (const leg of trail.legs()) {
  console.log(`  ${leg.from} ${trail.stop(leg.from).title} -> ${leg.to} ${trail.stop(leg.to).title}: ${leg.metres} m`);
}
