'use strict';
// Low-point scoring of one race (Racing Rules of Sailing, Appendix A): first place scores 1, second 2
// and so on; boats that finish in a dead heat share the points of the places they tie for; a boat
// that did not finish (DNF) or did not come to the start (DNC) scores the number of entries plus one.

/**
 * A race as the race officer enters it: `finish` lists sail numbers in finishing order, an inner list
 * for a dead heat; `dnf` the boats that started but did not finish. Answers a Map of sail -> points.
 */
function scoreRace(race, fleet) {
  const entries = fleet.length;
  const known = new Set(fleet.map((boat) => boat.sail));
  const points = new Map();
  let place = 1;
  for (const entry of race.finish) {
    const tied = Array.isArray(entry) ? entry : [entry];
    // Tied boats share the places place .. place + tied.length - 1.
    const shared = (place + (place + tied.length - 1)) / 2;
    for (const sail of tied) {
      if (!known.has(sail)) throw new RangeError(`sail ${sail} is not entered`);
      if (points.has(sail)) throw new RangeError(`sail ${sail} finished twice`);
      points.set(sail, shared);
    }
    place += tied.length;
  }
  for (const sail of race.dnf ?? []) {
    if (!known.has(sail)) throw new RangeError(`sail ${sail} is not entered`);
    if (points.has(sail)) throw new RangeError(`sail ${sail} both finished and did not`);
    points.set(sail, entries + 1);
  }
  for (const boat of fleet) {
    if (!points.has(boat.sail)) points.set(boat.sail, entries + 1);
  }
  return points;
}

module.exports = { scoreRace };
