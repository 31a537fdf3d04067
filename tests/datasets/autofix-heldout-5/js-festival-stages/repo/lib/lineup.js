'use strict';
// The running order of each stage. The promoter books a stage's opening set with the stage; the
// bookers then add acts one after another, each after the last set on that stage plus the crew's
// changeover. No set may run past the stage's curfew.
const { toMinutes, toClock } = require('./clock');

const CHANGEOVER = 20;

class Lineup {
  constructor(stages) {
    this.stages = new Map();
    for (const stage of stages) {
      const opens = toMinutes(stage.opens);
      let curfew = toMinutes(stage.curfew);
      if (curfew <= opens) curfew += 24 * 60;
      const sets = [];
      if (stage.opener) sets.push({ act: stage.opener.act, start: opens, end: opens + stage.opener.minutes });
      this.stages.set(stage.name, { name: stage.name, opens, curfew, sets });
    }
  }

  stage(name) {
    const stage = this.stages.get(name);
    if (!stage) throw new RangeError(`no stage called ${name}`);
    return stage;
  }

  /** When the next act on a stage can start. */
  nextStart(name) {
    const stage = this.stage(name);
    const lastEnd = stage.sets.map((set) => set.end).reduce((a, b) => Math.max(a, b));
    return lastEnd + CHANGEOVER;
  }

  /** Adds an act after the last set on the stage; answers its slot as 'HH:MM-HH:MM'. */
  book(name, act, minutes) {
    if (!Number.isInteger(minutes) || minutes <= 0) throw new RangeError(`a set of ${minutes} minutes`);
    const stage = this.stage(name);
    const start = this.nextStart(name);
    if (start + minutes > stage.curfew) throw new RangeError(`${act} would play past the curfew on ${name}`);
    stage.sets.push({ act, start, end: start + minutes });
    return `${toClock(start)}-${toClock(start + minutes)}`;
  }

  /** The stage's running order, as printed for the crew. */
  runningOrder(name) {
    return this.stage(name).sets.map((set) => `${toClock(set.start)}-${toClock(set.end)} ${set.act}`);
  }
}

module.exports = { Lineup, CHANGEOVER };
