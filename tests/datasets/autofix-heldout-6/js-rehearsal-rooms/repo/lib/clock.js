'use strict';
// Times of day as the booking form writes them ('09:30'), on the half hour, as minutes after midnight.

const TIME = /^([01]\d|2[0-3]):([03]0)$/;

function toMinutes(text) {
  const match = TIME.exec(text);
  if (!match) throw new SyntaxError(`not a booking time: '${text}'`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function formatTime(minutes) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

module.exports = { toMinutes, formatTime };
