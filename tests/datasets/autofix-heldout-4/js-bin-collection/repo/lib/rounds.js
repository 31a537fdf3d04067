'use strict';
// Collection rounds. Refuse and recycling alternate week by week (week A: refuse, week B: recycling);
// food waste goes every week. Weeks are counted from Monday 6 January 2025, an A week.

const ROUNDS = {
  'MON-1': { weekday: 1, crew: 'North' },
  'TUE-1': { weekday: 2, crew: 'North' },
  'TUE-2': { weekday: 2, crew: 'South' },
  'THU-1': { weekday: 4, crew: 'South' },
  'FRI-1': { weekday: 5, crew: 'North' },
};
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const FIRST_A_WEEK = Date.UTC(2025, 0, 6);
const DAY = 24 * 60 * 60 * 1000;

/** The next collection of a round on or after a date (a 'YYYY-MM-DD' string), with the bins that go out. */
function nextCollection(roundId, from) {
  const round = ROUNDS[roundId];
  if (!round) throw new RangeError(`no round ${roundId}`);
  const start = Date.parse(`${from}T00:00:00Z`);
  if (Number.isNaN(start) || start < FIRST_A_WEEK) throw new RangeError(`no calendar for ${from}`);
  const ahead = (round.weekday - new Date(start).getUTCDay() + 7) % 7;
  const day = start + ahead * DAY;
  const aWeek = Math.floor((day - FIRST_A_WEEK) / (7 * DAY)) % 2 === 0;
  return {
    date: new Date(day).toISOString().slice(0, 10),
    weekday: WEEKDAYS[round.weekday],
    bins: [aWeek ? 'refuse' : 'recycling', 'food'],
  };
}

module.exports = { ROUNDS, nextCollection };
