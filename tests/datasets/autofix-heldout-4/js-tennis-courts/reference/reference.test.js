'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { CourtSheet } = require('./lib/courts');

test('a slot later in the day is booked at its own time', () => {
  const sheet = new CourtSheet({ courts: 1 });
  sheet.book(1, '09:30', 'moreau');
  assert.deepStrictEqual(sheet.bookingsOf('moreau'), ['court 1 09:30']);
  assert.strictEqual(sheet.free(1).length, 29);
  assert.ok(!sheet.free(1).includes('09:30'));
  assert.ok(sheet.free(1).includes('09:00') && sheet.free(1).includes('10:00'));
});

test('the last slot of the evening', () => {
  const sheet = new CourtSheet({ courts: 2 });
  sheet.book(2, '21:30', 'lindqvist');
  assert.deepStrictEqual(sheet.bookingsOf('lindqvist'), ['court 2 21:30']);
  assert.strictEqual(sheet.free(2)[28], '21:00');
  assert.strictEqual(sheet.free(2).length, 29);
});

test('a later slot is booked once and can be cancelled', () => {
  const sheet = new CourtSheet({ courts: 1 });
  sheet.book(1, '18:00', 'okafor');
  assert.throws(() => sheet.book(1, '18:00', 'moreau'), /taken by okafor/);
  sheet.book(1, '18:30', 'moreau');
  sheet.cancel(1, '18:00', 'okafor');
  assert.deepStrictEqual(sheet.bookingsOf('okafor'), []);
  assert.deepStrictEqual(sheet.bookingsOf('moreau'), ['court 1 18:30']);
});

test('hour-long slots', () => {
  const sheet = new CourtSheet({ courts: 1, opens: '08:00', closes: '20:00', slotMinutes: 60 });
  sheet.book(1, '19:00', 'okafor');
  sheet.book(1, '10:00', 'moreau');
  assert.deepStrictEqual(sheet.free(1), ['08:00', '09:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00', '17:00', '18:00']);
  assert.throws(() => sheet.book(1, '20:00', 'okafor'), RangeError);
  assert.throws(() => sheet.book(1, '10:30', 'okafor'), RangeError);
});

test("Saturday's bookings", () => {
  const sheet = new CourtSheet({ courts: 3 });
  sheet.book(1, '07:00', 'okafor');
  sheet.book(2, '07:00', 'lindqvist');
  sheet.book(1, '09:30', 'moreau');
  sheet.book(3, '18:00', 'okafor');
  sheet.cancel(2, '07:00', 'lindqvist');
  sheet.book(2, '21:30', 'lindqvist');
  assert.deepStrictEqual([1, 2, 3].map((c) => sheet.free(c).length), [28, 29, 29]);
  assert.deepStrictEqual(sheet.bookingsOf('okafor'), ['court 1 07:00', 'court 3 18:00']);
});
