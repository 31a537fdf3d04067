'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { Tray } = require('../lib/tray');
const { plan, traysNeeded } = require('../lib/planner');
const { labels } = require('../lib/labels');

const types = {
  'module-16': { rows: 4, cols: 4 },
  'module-36': { rows: 6, cols: 6 },
};

const sowing = (code, seeds, tray, extra = {}) => ({ code, crop: 'Tomato', variety: code, seeds, tray, germinationDays: 7, ...extra });

test('a tray names its cells row by row', () => {
  const tray = new Tray('T1', 'module-16', 4, 4);
  assert.strictEqual(tray.cellName(0), 'A1');
  assert.strictEqual(tray.cellName(3), 'A4');
  assert.strictEqual(tray.cellName(4), 'B1');
  assert.strictEqual(tray.cellName(15), 'D4');
});

test('fill takes the next free cells and draws them on the map', () => {
  const tray = new Tray('T1', 'module-16', 4, 4);
  assert.deepStrictEqual(tray.fill('SG', 6), { first: 0, last: 5 });
  assert.deepStrictEqual(tray.fill('GC', 3), { first: 6, last: 8 });
  assert.strictEqual(tray.free, 7);
  assert.deepStrictEqual(tray.map(), [
    'T1 (module-16, 9/16)',
    '    1  2  3  4',
    'A  SG SG SG SG',
    'B  SG SG GC GC',
    'C  GC .. .. ..',
    'D  .. .. .. ..',
  ]);
});

test('a tray refuses more seeds than it has cells', () => {
  const tray = new Tray('T1', 'module-16', 4, 4);
  tray.fill('SG', 10);
  assert.throws(() => tray.fill('GC', 7), RangeError);
});

test('sowings share trays of their type and run on into a new one', () => {
  const { trays, runs } = plan([sowing('SG', 20, 'module-36'), sowing('CR', 5, 'module-16'), sowing('GC', 20, 'module-36')], types);
  assert.deepStrictEqual(trays.map((t) => `${t.id} ${t.type} ${t.used}`), ['T1 module-36 36', 'T2 module-16 5', 'T3 module-36 4']);
  assert.deepStrictEqual(runs.map((r) => `${r.sowing.code} ${r.tray.id} ${r.count}`), ['SG T1 20', 'CR T2 5', 'GC T1 16', 'GC T3 4']);
  assert.deepStrictEqual(traysNeeded(trays), { 'module-36': 2, 'module-16': 1 });
});

test('labels name the cells and the day to check for seedlings', () => {
  const { runs } = plan([sowing('SG', 8, 'module-36'), sowing('CR', 1, 'module-16', { crop: 'Courgette', variety: 'Defender', germinationDays: 6 })], types);
  assert.deepStrictEqual(labels(runs, 12), [
    "T1 A1-B2  Tomato 'SG' x8  sown wk12, check day 91",
    "T2 A1  Courgette 'Defender' x1  sown wk12, check day 90",
  ]);
});

test('bad sowings are refused', () => {
  assert.throws(() => plan([sowing('sg', 4, 'module-36')], types), SyntaxError);
  assert.throws(() => plan([sowing('SG', 0, 'module-36')], types), RangeError);
  assert.throws(() => plan([sowing('SG', 4, 'module-24')], types), RangeError);
});
