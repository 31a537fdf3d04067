'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { Lineup } = require('./lib/lineup');

const stages = () => [
  { name: 'Main Stage', opens: '12:00', curfew: '23:00', opener: { act: 'Opening Choir', minutes: 30 } },
  { name: 'Poetry Yurt', opens: '16:15', curfew: '18:00' },
  { name: 'Late Tent', opens: '23:00', curfew: '03:00' },
];

test('a stage with no opener starts at its opening time', () => {
  const lineup = new Lineup(stages());
  assert.strictEqual(lineup.nextStart('Poetry Yurt'), 16 * 60 + 15);
  assert.strictEqual(lineup.book('Poetry Yurt', 'Open Mic', 40), '16:15-16:55');
  assert.strictEqual(lineup.nextStart('Poetry Yurt'), 17 * 60 + 15);
  assert.strictEqual(lineup.book('Poetry Yurt', 'Saoirse Kane', 30), '17:15-17:45');
  assert.deepStrictEqual(lineup.runningOrder('Poetry Yurt'), ['16:15-16:55 Open Mic', '17:15-17:45 Saoirse Kane']);
});

test('the curfew holds for the first set too', () => {
  const lineup = new Lineup(stages());
  assert.throws(() => lineup.book('Poetry Yurt', 'Marathon Reading', 120), RangeError);
  assert.strictEqual(lineup.book('Poetry Yurt', 'Marathon Reading', 105), '16:15-18:00');
  assert.strictEqual(lineup.book('Late Tent', 'Moonlight Set', 150), '23:00-01:30');
});

test('stages with an opener as before', () => {
  const lineup = new Lineup(stages());
  assert.strictEqual(lineup.nextStart('Main Stage'), 12 * 60 + 50);
  assert.strictEqual(lineup.book('Main Stage', 'Band A', 45), '12:50-13:35');
});

test("Saturday's running orders", () => {
  const read = (file) => JSON.parse(fs.readFileSync(path.join(__dirname, 'data', file), 'utf8'));
  const lineup = new Lineup(read('stages.json'));
  for (const booking of read('saturday-bookings.json')) lineup.book(booking.stage, booking.act, booking.minutes);
  assert.deepStrictEqual(lineup.runningOrder('Main Stage'), [
    '13:00-13:40 The Lantern Brass Band',
    '14:00-14:45 Salt Flats',
    '15:05-16:05 Glass Harbour',
    '16:25-17:40 The Vesper Hours',
  ]);
  assert.deepStrictEqual(lineup.runningOrder('Riverside'), ['14:30-15:30 DJ Kestrel', '15:50-16:40 Mira Osei', '17:00-18:30 Night Orchard']);
  assert.deepStrictEqual(lineup.runningOrder('Acoustic Tent'), ['15:00-15:35 Hollis & June', '15:55-16:40 Fenwick Quartet']);
});
