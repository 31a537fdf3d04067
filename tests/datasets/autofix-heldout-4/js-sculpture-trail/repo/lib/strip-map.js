'use strict';
// The strip map printed on the back of the trail leaflet: one line, a dash per 50 metres of path
// between the stops' codes.

const METRES_PER_DASH = 50;

function stripMap(trail) {
  let line = `[${trail.stops[0].code}]`;
  for (const leg of trail.legs()) {
    line += '-'.repeat(Math.round(leg.metres / METRES_PER_DASH)) + `[${leg.to}]`;
  }
  return line;
}

module.exports = { stripMap, METRES_PER_DASH };
