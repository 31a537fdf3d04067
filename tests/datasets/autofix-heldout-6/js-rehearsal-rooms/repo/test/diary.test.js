'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { toMinutes, formatTime } = require('../lib/clock');
const { slotOf, overlaps } = require('../lib/slots');
const { Diary, pounds } = require('../lib/diary');

const rooms = [
  { name: 'Big', capacity: 8, ratePence: 2500 },
  { name: 'Small', capacity: 4, ratePence: 1000 },
  { name: 'Mid', capacity: 6, ratePence: 1500 },
];

test('booking times are half hours of the day', () => {
  assert.strictEqual(toMinutes('09:30'), 570);
  assert.strictEqual(formatTime(1350), '22:30');
  assert.throws(() => toMinutes('9:30'), SyntaxError);
  assert.throws(() => toMinutes('10:15'), SyntaxError);
});

test('a slot must start before it ends and within opening hours', () => {
  assert.deepStrictEqual(slotOf({ band: 'X', start: '10:00', end: '12:30' }), { start: 600, end: 750 });
  assert.throws(() => slotOf({ band: 'X', start: '12:00', end: '12:00' }), RangeError);
  assert.throws(() => slotOf({ band: 'X', start: '08:00', end: '10:00' }), RangeError);
});

test('slots that share time overlap, slots apart do not', () => {
  assert.strictEqual(overlaps({ start: 600, end: 720 }, { start: 660, end: 780 }), true);
  assert.strictEqual(overlaps({ start: 600, end: 900 }, { start: 660, end: 720 }), true);
  assert.strictEqual(overlaps({ start: 600, end: 660 }, { start: 720, end: 780 }), false);
  assert.strictEqual(overlaps({ start: 840, end: 900 }, { start: 600, end: 720 }), false);
});

test('a band gets the smallest free room that holds it', () => {
  const diary = new Diary(rooms);
  assert.deepStrictEqual(diary.allocate({ band: 'Duo', size: 2, start: '10:00', end: '12:00' }),
    { room: 'Small', band: 'Duo', start: 600, end: 720, costPence: 2000 });
  assert.strictEqual(diary.allocate({ band: 'Quartet', size: 4, start: '11:00', end: '12:30' }).room, 'Mid');
  assert.strictEqual(diary.allocate({ band: 'Sextet', size: 6, start: '10:30', end: '11:30' }).room, 'Big');
  assert.strictEqual(diary.allocate({ band: 'Trio', size: 3, start: '13:00', end: '15:30' }).room, 'Small');
  assert.deepStrictEqual(diary.roomSheet(), [
    'Small: 10:00-12:00 Duo, 13:00-15:30 Trio',
    'Mid: 11:00-12:30 Quartet',
    'Big: 10:30-11:30 Sextet',
  ]);
  assert.strictEqual(pounds(diary.takingsPence()), '£92.50');
});

test('a band too big for every room, or of no size, is refused', () => {
  const diary = new Diary(rooms);
  assert.throws(() => diary.allocate({ band: 'Orchestra', size: 12, start: '10:00', end: '12:00' }), RangeError);
  assert.throws(() => diary.allocate({ band: 'Nobody', size: 0, start: '10:00', end: '12:00' }), RangeError);
});
