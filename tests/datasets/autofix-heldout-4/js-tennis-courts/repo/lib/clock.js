'use strict';
// Times of day on the booking sheet, written 'HH:MM' (24-hour), as minutes since midnight.

function toMinutes(time) {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new TypeError(`not a time of day: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function toTime(minutes) {
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

module.exports = { toMinutes, toTime };
