'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { Tray } = require('./lib/tray');
const { plan, traysNeeded } = require('./lib/planner');
const { labels } = require('./lib/labels');

test('a 5 x 8 plug tray fills row by row, eight cells to a row', () => {
  const tray = new Tray('T1', 'plug-40', 5, 8);
  tray.fill('KC', 12);
  tray.fill('MU', 3);
  assert.deepStrictEqual(tray.map(), [
    'T1 (plug-40, 15/40)',
    '    1  2  3  4  5  6  7  8',
    'A  KC KC KC KC KC KC KC KC',
    'B  KC KC KC KC MU MU MU ..',
    'C  .. .. .. .. .. .. .. ..',
    'D  .. .. .. .. .. .. .. ..',
    'E  .. .. .. .. .. .. .. ..',
  ]);
  assert.strictEqual(tray.cells[1][4], 'MU');
  assert.strictEqual(tray.cellName(14), 'B7');
});

test('every cell of a wide tray can be sown, the last one is E8', () => {
  const tray = new Tray('T1', 'plug-40', 5, 8);
  assert.deepStrictEqual(tray.fill('LK', 26), { first: 0, last: 25 });
  assert.deepStrictEqual(tray.fill('PS', 14), { first: 26, last: 39 });
  assert.strictEqual(tray.free, 0);
  assert.strictEqual(tray.cells[3][1], 'LK');
  assert.strictEqual(tray.cells[3][2], 'PS');
  assert.strictEqual(tray.cells[4][7], 'PS');
  assert.deepStrictEqual(tray.cells.map((row) => row.filter((c) => c === null).length), [0, 0, 0, 0, 0]);
});

test('a tall tray (6 rows of 3) fills every row in turn', () => {
  const tray = new Tray('T1', 'strip-18', 6, 3);
  tray.fill('BN', 18);
  assert.deepStrictEqual(tray.map().slice(2), ['A  BN BN BN', 'B  BN BN BN', 'C  BN BN BN', 'D  BN BN BN', 'E  BN BN BN', 'F  BN BN BN']);
  const partly = new Tray('T2', 'strip-18', 6, 3);
  partly.fill('BN', 7);
  assert.deepStrictEqual(partly.map().slice(2), ['A  BN BN BN', 'B  BN BN BN', 'C  BN .. ..', 'D  .. .. ..', 'E  .. .. ..', 'F  .. .. ..']);
});

test("week 12's sowings: the plug trays and their labels", () => {
  const data = path.join(__dirname, 'data');
  const trayTypes = JSON.parse(fs.readFileSync(path.join(data, 'trays.json'), 'utf8'));
  const week = JSON.parse(fs.readFileSync(path.join(data, 'week-12.json'), 'utf8'));
  const { trays, runs } = plan(week.sowings, trayTypes);
  assert.deepStrictEqual(traysNeeded(trays), { 'module-36': 2, 'module-16': 1, 'plug-40': 2 });
  assert.deepStrictEqual(trays[3].map(), [
    'T4 (plug-40, 40/40)',
    '    1  2  3  4  5  6  7  8',
    'A  KC KC KC KC KC KC KC KC',
    'B  KC KC KC KC MU MU MU MU',
    'C  MU MU MU MU MU MU MU MU',
    'D  MU MU MU MU MU MU MU MU',
    'E  MU PS PS PS PS PS PS PS',
  ]);
  assert.deepStrictEqual(trays[4].map()[2], 'A  PS PS .. .. .. .. .. ..');
  assert.deepStrictEqual(labels(runs, week.week).slice(6), [
    "T4 A1-B4  Kale 'Cavolo Nero' x12  sown wk12, check day 89",
    "T4 B5-E1  Leek 'Musselburgh' x21  sown wk12, check day 98",
    "T4 E2-E8  Broccoli 'Purple Sprouting' x7  sown wk12, check day 90",
    "T5 A1-A2  Broccoli 'Purple Sprouting' x2  sown wk12, check day 90",
  ]);
});
