'use strict';
// Weekly cleaning rota for a shared kitchen: people take turns in list order, one week each,
// starting from whoever was on duty in the rota's first week; after the last person it begins again.

const MS_PER_WEEK = 7 * 24 * 3600 * 1000;

class Rota {
  /**
   * @param {string[]} people in turn order
   * @param {string} firstOnDuty who is on duty in the week of `startsOn`
   * @param {Date} startsOn a Monday
   */
  constructor(people, firstOnDuty, startsOn) {
    if (people.length === 0) throw new RangeError('a rota needs at least one person');
    this.people = people;
    this.start = people.indexOf(firstOnDuty);
    if (this.start < 0) throw new RangeError(`${firstOnDuty} is not on the rota`);
    this.startsOn = startsOn;
  }

  /** Whole weeks since the rota started. */
  weekOf(date) {
    return Math.floor((date - this.startsOn) / MS_PER_WEEK);
  }

  /** Who is on duty in the given week (0 = the rota's first week). */
  onDuty(week) {
    if (week < 0) throw new RangeError('the rota had not started yet');
    return this.people[this.start + week % this.people.length];
  }

  /** The handover message posted to the kitchen channel each Monday. */
  handover(date) {
    const week = this.weekOf(date);
    const from = week === 0 ? null : this.onDuty(week - 1);
    const to = this.onDuty(week);
    return from === null ? `${to} starts the rota this week` : `${from} hands over to ${to.toUpperCase()}`;
  }
}

module.exports = { Rota };
