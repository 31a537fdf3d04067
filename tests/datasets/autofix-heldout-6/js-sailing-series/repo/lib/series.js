'use strict';
// A series of races: each boat's points race by race, and the standings with the worst scores
// discarded as the sailing instructions allow (e.g. one discard once four races have been sailed).
const { scoreRace } = require('./scoring');

const sum = (values) => values.reduce((total, v) => total + v, 0);

class Series {
  constructor(name, fleet, discards = []) {
    this.name = name;
    this.fleet = fleet;
    this.discards = [...discards].sort((a, b) => a.afterRaces - b.afterRaces);
    this.raceCount = 0;
    this.scores = new Map(fleet.map((boat) => [boat.sail, []]));
  }

  addRace(race) {
    const points = scoreRace(race, this.fleet);
    for (const boat of this.fleet) this.scores.get(boat.sail).push(points.get(boat.sail));
    this.raceCount += 1;
  }

  /** The boat's points race by race, in the order the races were sailed. */
  scoresOf(sail) {
    const scores = this.scores.get(sail);
    if (!scores) throw new RangeError(`sail ${sail} is not entered`);
    return scores;
  }

  /** How many scores each boat may discard after the races sailed so far. */
  discardCount() {
    let count = 0;
    for (const rule of this.discards) if (this.raceCount >= rule.afterRaces) count = rule.count;
    return count;
  }

  /**
   * The standings: each boat's total, its discarded scores (its worst) and its net score, lowest net first.
   * A tie on net goes to the boat with the better score in the last race (RRS A8.2).
   */
  standings() {
    const drop = this.discardCount();
    const rows = this.fleet.map((boat) => {
      const scores = this.scoresOf(boat.sail);
      const total = sum(scores);
      const kept = scores;
      const discarded = [];
      for (let i = 0; i < drop; i++) {
        const worst = kept.lastIndexOf(Math.max(...kept));
        discarded.push(...kept.splice(worst, 1));
      }
      return { boat, total, discarded, net: sum(kept), last: scores[this.raceCount - 1] };
    });
    rows.sort((a, b) => a.net - b.net || a.last - b.last);
    rows.forEach((row, i) => {
      row.place = i + 1;
    });
    return rows;
  }
}

module.exports = { Series };
