'use strict';
// The day sheet for the front desk: allocates the day's bookings to rooms and prints who is where,
// each band's bill and the day's takings, as the studio's morning job does.
const fs = require('node:fs');
const path = require('node:path');
const { Diary, pounds } = require('./lib/diary');
const { formatTime } = require('./lib/clock');

const data = path.join(__dirname, 'data');
const rooms = JSON.parse(fs.readFileSync(path.join(data, 'rooms.json'), 'utf8'));
const bookings = JSON.parse(fs.readFileSync(path.join(data, process.argv[2] ?? 'saturday.json'), 'utf8'));

const diary = new Diary(rooms);
for (const booking of bookings) {
  const given = diary.allocate(booking);
  console.log(`${given.band}: ${given.room} ${formatTime(given.start)}-${formatTime(given.end)} ${pounds(given.costPence)}`);
}
console.log('');
for (const line of diary.roomSheet()) console.log(line);
console.log(`takings ${pounds(diary.takingsPence())}`);
