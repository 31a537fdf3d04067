'use strict';
// The cellar calendar: for each day of the planning horizon (day 1 .. horizon), which tank holds what.

class CellarCalendar {
  constructor(tankIds, horizon) {
    this.tankIds = tankIds;
    this.horizon = horizon;
    // Index 0 is unused so that day numbers index the array directly.
    this.days = Array.from({ length: horizon + 1 }, () => new Map());
  }

  /** Whether the tank is empty on every day from `from` up to (not including) `to`. */
  isFree(tankId, from, to) {
    for (let day = from; day < to; day++) {
      if (this.days[day].has(tankId)) return false;
    }
    return true;
  }

  /** Marks the tank as holding `what` from `from` up to (not including) `to`. */
  book(tankId, from, to, what) {
    if (!this.tankIds.includes(tankId)) throw new RangeError(`no tank ${tankId}`);
    if (from < 1 || to > this.horizon + 1) throw new RangeError(`days ${from}-${to - 1} are outside the calendar`);
    if (!this.isFree(tankId, from, to)) throw new Error(`tank ${tankId} is not free on days ${from}-${to - 1}`);
    for (let day = from; day < to; day++) this.days[day].set(tankId, what);
  }

  /** The tank's runs of days, e.g. [{ what: 'Harbour Pale', from: 1, to: 10 }, { what: 'CIP', from: 11, to: 11 }]. */
  runs(tankId) {
    const runs = [];
    for (let day = 1; day <= this.horizon; day++) {
      const what = this.days[day].get(tankId);
      const last = runs[runs.length - 1];
      if (what === undefined) continue;
      if (last && last.what === what && last.to === day - 1) last.to = day;
      else runs.push({ what, from: day, to: day });
    }
    return runs;
  }

  /** Tank-days still empty over the horizon. */
  emptyTankDays() {
    let empty = 0;
    for (let day = 1; day <= this.horizon; day++) empty += this.tankIds.length - this.days[day].size;
    return empty;
  }
}

module.exports = { CellarCalendar };
