'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { Lineup } = require('../lib/lineup');
const { toMinutes, toClock } = require('../lib/clock');

const stages = () => [
  { name: 'Main Stage', opens: '12:00', curfew: '23:00', opener: { act: 'Opening Choir', minutes: 30 } },
  { name: 'Late Tent', opens: '20:00', curfew: '02:00', opener: { act: 'DJ Moth', minutes: 90 } },
];

test('times of day', () => {
  assert.strictEqual(toMinutes('14:05'), 845);
  assert.strictEqual(toClock(845), '14:05');
  assert.strictEqual(toClock(25 * 60 + 30), '01:30');
  assert.throws(() => toMinutes('14.05'), SyntaxError);
});

test('acts follow the opener after the changeover', () => {
  const lineup = new Lineup(stages());
  assert.strictEqual(lineup.book('Main Stage', 'Band A', 45), '12:50-13:35');
  assert.strictEqual(lineup.book('Main Stage', 'Band B', 60), '13:55-14:55');
  assert.deepStrictEqual(lineup.runningOrder('Main Stage'), ['12:00-12:30 Opening Choir', '12:50-13:35 Band A', '13:55-14:55 Band B']);
});

test('a stage open past midnight', () => {
  const lineup = new Lineup(stages());
  assert.strictEqual(lineup.book('Late Tent', 'Night Bus', 120), '21:50-23:50');
  assert.strictEqual(lineup.book('Late Tent', 'Last Orders', 90), '00:10-01:40');
  assert.throws(() => lineup.book('Late Tent', 'Too Late', 30), RangeError);
});

test('unknown stages and bad set lengths are refused', () => {
  const lineup = new Lineup(stages());
  assert.throws(() => lineup.book('Beach', 'Band A', 45), RangeError);
  assert.throws(() => lineup.book('Main Stage', 'Band A', 0), RangeError);
});
