'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { Series } = require('./lib/series');
const { standingsTable, raceSheet } = require('./lib/sheet');

const fleet = [
  { sail: '101', boat: 'Puffin', helm: 'A. Able' },
  { sail: '202', boat: 'Gannet', helm: 'B. Baker' },
  { sail: '303', boat: 'Shag', helm: 'C. Carter' },
];

function fiveRaces() {
  const series = new Series('Test', fleet, [{ afterRaces: 4, count: 1 }]);
  series.addRace({ finish: ['101', '202', '303'] });
  series.addRace({ finish: ['303', '101', '202'] });
  series.addRace({ finish: ['202', '303'], dnf: ['101'] });
  series.addRace({ finish: ['101', '303', '202'] });
  series.addRace({ finish: ['202', '101', '303'] });
  return series;
}

test('working out the standings leaves every race score where it was', () => {
  const series = fiveRaces();
  series.standings();
  assert.deepStrictEqual(series.scoresOf('101'), [1, 2, 4, 1, 2]);
  assert.deepStrictEqual(series.scoresOf('202'), [2, 3, 1, 3, 1]);
  assert.deepStrictEqual(series.scoresOf('303'), [3, 1, 2, 2, 3]);
});

test('the standings come out the same however often they are asked for', () => {
  const series = fiveRaces();
  const rows = (s) => s.standings().map((r) => [r.place, r.boat.sail, r.total, r.discarded, r.net]);
  const expected = [
    [1, '101', 10, [4], 6],
    [2, '202', 10, [3], 7],
    [3, '303', 11, [3], 8],
  ];
  assert.deepStrictEqual(rows(series), expected);
  assert.deepStrictEqual(rows(series), expected);
  assert.deepStrictEqual(rows(series), expected);
});

test('a tie on net after a discard goes to the better last race', () => {
  const series = new Series('Test', fleet.slice(0, 2), [{ afterRaces: 4, count: 1 }]);
  series.addRace({ finish: ['101', '202'] });
  series.addRace({ finish: ['101', '202'] });
  series.addRace({ finish: ['202', '101'] });
  series.addRace({ finish: ['202', '101'] });
  assert.deepStrictEqual(standingsTable(series), [' 1. 202 Gannet (B. Baker)  net 4', ' 2. 101 Puffin (A. Able)  net 4']);
});

test('the results sheet after the standings shows each race in order, the total, net and discard', () => {
  const series = fiveRaces();
  standingsTable(series);
  assert.deepStrictEqual(raceSheet(series), [
    'Test: 5 races, 1 discard(s)',
    '     sail  boat        R1  R2  R3  R4  R5  total  net  disc',
    ' 1.  101  Puffin       1   2   4   1   2     10    6  4',
    ' 2.  202  Gannet       2   3   1   3   1     10    7  3',
    ' 3.  303  Shag         3   1   2   2   3     11    8  3',
  ]);
});

test('the spring series: standings and results sheet', () => {
  const data = path.join(__dirname, 'data');
  const spring = JSON.parse(fs.readFileSync(path.join(data, 'spring-series.json'), 'utf8'));
  const series = new Series(spring.name, JSON.parse(fs.readFileSync(path.join(data, 'fleet.json'), 'utf8')), spring.discards);
  for (const race of spring.races) series.addRace(race);
  assert.deepStrictEqual(standingsTable(series), [
    ' 1. 2410 Halcyon (M. Tregarthen)  net 9',
    ' 2. 2231 Kittiwake (R. Penrose)  net 9',
    ' 3. 1874 Blue Jay (S. Oduya)  net 9',
    ' 4. 2099 Tern (A. Kowalczyk)  net 22.5',
    ' 5. 1502 Scampi (J. Hollis)  net 23',
    ' 6. 1766 Mischief (D. Pascoe)  net 26',
  ]);
  assert.deepStrictEqual(raceSheet(series), [
    'Spring Series 2026: 6 races, 1 discard(s)',
    '     sail  boat        R1  R2  R3  R4  R5  R6  total  net  disc',
    ' 1.  2410  Halcyon      3 3.5   1   2   2   1   12.5    9  3.5',
    ' 2.  2231  Kittiwake    1   2   3   1   4   2     13    9  4',
    ' 3.  1874  Blue Jay     2   1   2   4   1   3     13    9  4',
    ' 4.  2099  Tern         5 3.5   4   6   7   4   29.5 22.5  7',
    ' 5.  1502  Scampi       4   7   5   5   3   6     30   23  7',
    ' 6.  1766  Mischief     6   5   7   3   7   5     33   26  7',
  ]);
});
