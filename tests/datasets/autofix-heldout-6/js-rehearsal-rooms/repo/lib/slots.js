'use strict';
// A booked slot is the half-open span [start, end) in minutes after midnight: a band booked 10:00-13:00
// has the room from 10:00 until 13:00.
const { toMinutes, formatTime } = require('./clock');

const OPENS = 9 * 60;
const CLOSES = 23 * 60;

function slotOf(booking) {
  const start = toMinutes(booking.start);
  const end = toMinutes(booking.end);
  if (end <= start) throw new RangeError(`${booking.band}: ends at ${booking.end}, before it starts`);
  if (start < OPENS || end > CLOSES) throw new RangeError(`${booking.band}: the studio is open ${formatTime(OPENS)}-${formatTime(CLOSES)}`);
  return { start, end };
}

/** Whether two slots share any time. */
function overlaps(a, b) {
  return a.start <= b.end && b.start <= a.end;
}

function hours(slot) {
  return (slot.end - slot.start) / 60;
}

module.exports = { slotOf, overlaps, hours, OPENS, CLOSES };
