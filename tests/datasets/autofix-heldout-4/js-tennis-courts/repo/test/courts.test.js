'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { CourtSheet } = require('../lib/courts');
const { toMinutes, toTime } = require('../lib/clock');

test('times of day', () => {
  assert.strictEqual(toMinutes('07:30'), 450);
  assert.strictEqual(toTime(1290), '21:30');
  assert.throws(() => toMinutes('7:30'), TypeError);
});

test('a new sheet is all free', () => {
  const sheet = new CourtSheet({ courts: 2 });
  assert.strictEqual(sheet.free(1).length, 30);
  assert.strictEqual(sheet.free(2)[0], '07:00');
  assert.strictEqual(sheet.free(2)[29], '21:30');
});

test('the first slot of the morning can be booked once', () => {
  const sheet = new CourtSheet({ courts: 2 });
  sheet.book(2, '07:00', 'okafor');
  assert.strictEqual(sheet.free(2).length, 29);
  assert.strictEqual(sheet.free(2)[0], '07:30');
  assert.deepStrictEqual(sheet.bookingsOf('okafor'), ['court 2 07:00']);
  assert.throws(() => sheet.book(2, '07:00', 'moreau'), /taken by okafor/);
});

test('a cancelled slot is free again', () => {
  const sheet = new CourtSheet({ courts: 1 });
  sheet.book(1, '07:00', 'okafor');
  sheet.cancel(1, '07:00', 'okafor');
  assert.strictEqual(sheet.free(1).length, 30);
});

test('times outside the slots are refused', () => {
  const sheet = new CourtSheet({ courts: 1 });
  assert.throws(() => sheet.book(1, '06:30', 'okafor'), RangeError);
  assert.throws(() => sheet.book(1, '22:00', 'okafor'), RangeError);
  assert.throws(() => sheet.book(1, '07:10', 'okafor'), RangeError);
  assert.throws(() => sheet.book(4, '07:00', 'okafor'), RangeError);
});
