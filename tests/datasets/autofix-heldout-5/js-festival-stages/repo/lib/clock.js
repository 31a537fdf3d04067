'use strict';
// Festival times of day as minutes after midnight; the site's day runs past midnight, so 25:30
// is half past one at night and is written 01:30.

function toMinutes(text) {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match || Number(match[2]) > 59) throw new SyntaxError(`not a time of day: ${text}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function toClock(minutes) {
  const h = Math.floor(minutes / 60) % 24;
  return `${String(h).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

module.exports = { toMinutes, toClock };
