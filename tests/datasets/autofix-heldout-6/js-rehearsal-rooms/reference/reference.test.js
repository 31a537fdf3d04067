'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { overlaps } = require('./lib/slots');
const { Diary, pounds } = require('./lib/diary');

test('a slot that starts when another ends does not overlap it', () => {
  assert.strictEqual(overlaps({ start: 600, end: 720 }, { start: 720, end: 900 }), false);
  assert.strictEqual(overlaps({ start: 720, end: 900 }, { start: 600, end: 720 }), false);
  assert.strictEqual(overlaps({ start: 600, end: 750 }, { start: 720, end: 900 }), true);
  assert.strictEqual(overlaps({ start: 600, end: 720 }, { start: 600, end: 720 }), true);
});

test('a band booked straight after another gets the same room', () => {
  const diary = new Diary([
    { name: 'Small', capacity: 4, ratePence: 1000 },
    { name: 'Big', capacity: 8, ratePence: 2500 },
  ]);
  assert.deepStrictEqual(diary.allocate({ band: 'Duo', size: 2, start: '10:00', end: '12:00' }),
    { room: 'Small', band: 'Duo', start: 600, end: 720, costPence: 2000 });
  assert.deepStrictEqual(diary.allocate({ band: 'Trio', size: 3, start: '12:00', end: '13:30' }),
    { room: 'Small', band: 'Trio', start: 720, end: 810, costPence: 1500 });
  assert.deepStrictEqual(diary.allocate({ band: 'Septet', size: 7, start: '09:00', end: '10:00' }),
    { room: 'Big', band: 'Septet', start: 540, end: 600, costPence: 2500 });
  assert.deepStrictEqual(diary.allocate({ band: 'Octet', size: 8, start: '10:00', end: '11:00' }),
    { room: 'Big', band: 'Octet', start: 600, end: 660, costPence: 2500 });
  assert.deepStrictEqual(diary.roomSheet(), ['Small: 10:00-12:00 Duo, 12:00-13:30 Trio', 'Big: 09:00-10:00 Septet, 10:00-11:00 Octet']);
  assert.strictEqual(pounds(diary.takingsPence()), '£85.00');
});

test("Saturday's day sheet", () => {
  const data = path.join(__dirname, 'data');
  const diary = new Diary(JSON.parse(fs.readFileSync(path.join(data, 'rooms.json'), 'utf8')));
  const bookings = JSON.parse(fs.readFileSync(path.join(data, 'saturday.json'), 'utf8'));
  const given = bookings.map((booking) => diary.allocate(booking));
  assert.deepStrictEqual(given.map((g) => `${g.band}: ${g.room} ${pounds(g.costPence)}`), [
    'The Gulls: Room 2 £48.00',
    'Brass Monkeys: Live Room £84.00',
    'Fennel: Room 1 £24.00',
    'Low Tide: Room 1 £42.00',
    'Ceilidh Collective: Live Room £84.00',
    'Mara Quinn Trio: Room 1 £30.00',
    'Static Choir: Room 2 £48.00',
  ]);
  assert.deepStrictEqual(diary.roomSheet(), [
    'Room 1: 10:00-12:00 Fennel, 12:00-15:30 Low Tide, 15:30-18:00 Mara Quinn Trio',
    'Room 2: 10:00-13:00 The Gulls, 13:00-16:00 Static Choir',
    'Room 3: free all day',
    'Live Room: 11:00-14:00 Brass Monkeys, 14:00-17:00 Ceilidh Collective',
  ]);
  assert.strictEqual(pounds(diary.takingsPence()), '£360.00');
});
