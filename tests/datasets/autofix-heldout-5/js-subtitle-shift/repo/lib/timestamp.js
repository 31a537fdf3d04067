'use strict';
// WebVTT cue timestamps, kept as whole milliseconds.

const TIMESTAMP = /^(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})$/;

/** '01:02:03.450' -> 3723450 */
function parseTimestamp(text) {
  const [, hours, minutes, seconds, millis] = TIMESTAMP.exec(text.trim());
  return ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Number(millis);
}

/** 3723450 -> '01:02:03.450' (always with hours, which every player reads). */
function formatTimestamp(ms) {
  if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`not a cue time: ${ms}`);
  const pad = (n, width = 2) => String(n).padStart(width, '0');
  const hours = Math.floor(ms / 3600000);
  const minutes = Math.floor(ms / 60000) % 60;
  const seconds = Math.floor(ms / 1000) % 60;
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${pad(ms % 1000, 3)}`;
}

module.exports = { parseTimestamp, formatTimestamp };
