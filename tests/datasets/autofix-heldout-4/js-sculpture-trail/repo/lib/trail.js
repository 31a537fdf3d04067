'use strict';
// A sculpture trail: stops at a distance (in metres) from the car park along the path.

const WALK_METRES_PER_MINUTE = 70;

class Trail {
  constructor(name, stops) {
    if (stops.length < 2) throw new RangeError('a trail has at least two stops');
    const marks = stops.map((stop) => stop.metres).sort();
    if (new Set(marks).size !== marks.length) throw new RangeError('two stops at the same distance');
    this.name = name;
    // The stops in walking order, nearest the car park first.
    this.stops = marks.map((metres) => stops.find((stop) => stop.metres === metres));
  }

  /** Each leg of the walk from one stop to the next. */
  legs() {
    return this.stops.slice(1).map((to, i) => {
      const from = this.stops[i];
      return { from: from.code, to: to.code, metres: to.metres - from.metres };
    });
  }

  get length() {
    return this.stops[this.stops.length - 1].metres - this.stops[0].metres;
  }

  minutes() {
    return Math.ceil(this.length / WALK_METRES_PER_MINUTE);
  }

  stop(code) {
    const found = this.stops.find((stop) => stop.code === code);
    if (!found) throw new RangeError(`no stop ${code} on the ${this.name}`);
    return found;
  }
}

module.exports = { Trail, WALK_METRES_PER_MINUTE };
