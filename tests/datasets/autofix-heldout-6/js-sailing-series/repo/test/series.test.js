'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { scoreRace } = require('../lib/scoring');
const { Series } = require('../lib/series');
const { formatPoints, standingsTable, raceSheet } = require('../lib/sheet');

const fleet = [
  { sail: '101', boat: 'Puffin', helm: 'A. Able' },
  { sail: '202', boat: 'Gannet', helm: 'B. Baker' },
  { sail: '303', boat: 'Shag', helm: 'C. Carter' },
  { sail: '404', boat: 'Skua', helm: 'D. Dunn' },
];

test('places score their number, dead heats share, DNF and DNC score entries + 1', () => {
  const points = scoreRace({ finish: ['303', ['101', '404']], dnf: [] }, fleet);
  assert.deepStrictEqual([...points], [['303', 1], ['101', 2.5], ['404', 2.5], ['202', 5]]);
  const other = scoreRace({ finish: ['202'], dnf: ['101'] }, fleet);
  assert.deepStrictEqual(Object.fromEntries(other), { 202: 1, 101: 5, 303: 5, 404: 5 });
});

test('a race with an unknown or doubled boat is refused', () => {
  assert.throws(() => scoreRace({ finish: ['999'] }, fleet), RangeError);
  assert.throws(() => scoreRace({ finish: ['101', '101'] }, fleet), RangeError);
  assert.throws(() => scoreRace({ finish: ['101'], dnf: ['101'] }, fleet), RangeError);
});

test('discards start after the races the instructions say', () => {
  const series = new Series('Test', fleet, [{ afterRaces: 4, count: 1 }, { afterRaces: 2, count: 0 }]);
  for (let i = 0; i < 3; i++) series.addRace({ finish: ['101', '202', '303', '404'] });
  assert.strictEqual(series.discardCount(), 0);
  series.addRace({ finish: ['101', '202', '303', '404'] });
  assert.strictEqual(series.discardCount(), 1);
});

test('the standings discard each boat\'s worst score', () => {
  const series = new Series('Test', fleet, [{ afterRaces: 4, count: 1 }]);
  series.addRace({ finish: ['101', '202', '303', '404'] });
  series.addRace({ finish: ['202', '101', '404'], dnf: ['303'] });
  series.addRace({ finish: ['303', '202', '101', '404'] });
  series.addRace({ finish: ['101', '303', '202'] });
  series.addRace({ finish: ['404', '101', '202', '303'] });
  const rows = series.standings();
  assert.deepStrictEqual(rows.map((r) => [r.place, r.boat.sail, r.total, r.discarded, r.net]), [
    [1, '101', 9, [3], 6],
    [2, '202', 11, [3], 8],
    [3, '303', 15, [5], 10],
    [4, '404', 17, [5], 12],
  ]);
});

test('a tie on net goes to the better last race', () => {
  const series = new Series('Test', fleet.slice(0, 2));
  series.addRace({ finish: ['101', '202'] });
  series.addRace({ finish: ['202', '101'] });
  assert.deepStrictEqual(standingsTable(series), [' 1. 202 Gannet (B. Baker)  net 3', ' 2. 101 Puffin (A. Able)  net 3']);
});

test('the results sheet lists every race', () => {
  const series = new Series('Early Bird', fleet, [{ afterRaces: 4, count: 1 }]);
  series.addRace({ finish: ['101', '202', '303', '404'] });
  series.addRace({ finish: ['202', ['101', '303'], '404'] });
  series.addRace({ finish: ['303', '202'], dnf: ['404'] });
  assert.deepStrictEqual(raceSheet(series), [
    'Early Bird: 3 races, 0 discard(s)',
    '     sail  boat        R1  R2  R3  total  net  disc',
    ' 1.  202  Gannet       2   1   2      5    5',
    ' 2.  303  Shag         3 2.5   1    6.5  6.5',
    ' 3.  101  Puffin       1 2.5   5    8.5  8.5',
    ' 4.  404  Skua         4   4   5     13   13',
  ]);
  assert.strictEqual(formatPoints(7), '7');
});
