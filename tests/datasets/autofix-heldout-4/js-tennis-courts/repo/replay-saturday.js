'use strict';
// Replays Saturday's online bookings into the sheet the clubhouse screen shows.
const { CourtSheet } = require('./lib/courts');

const requests = [
  ['book', 1, '07:00', 'okafor'],
  ['book', 2, '07:00', 'lindqvist'],
  ['book', 1, '09:30', 'moreau'],
  ['book', 3, '18:00', 'okafor'],
  ['cancel', 2, '07:00', 'lindqvist'],
  ['book', 2, '21:30', 'lindqvist'],
];

const sheet = new CourtSheet({ courts: 3 });
for (const [action, court, time, member] of requests) {
  sheet[action](court, time, member);
  console.log(`${action} court ${court} ${time} ${member}`);
}
for (const court of [1, 2, 3]) console.log(`court ${court}: ${sheet.free(court).length} slots free`);
console.log('okafor:', sheet.bookingsOf('okafor').join(', '));
