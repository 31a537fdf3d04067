'use strict';
// Durations in job schedules: a number and a unit (s, m, h, d); units may be combined, largest first.

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 };

class DurationError extends Error {}

/** Seconds in a duration such as `90s`, `15m` or `1h30m`. */
function parseDuration(text) {
  if (typeof text !== 'string' || text.trim() === '') throw new DurationError(`not a duration: ${JSON.stringify(text)}`);
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  return Number(match[1]) * UNIT_SECONDS[match[2]];
}

function formatDuration(seconds) {
  for (const unit of ['d', 'h', 'm']) {
    if (seconds % UNIT_SECONDS[unit] === 0) return `${seconds / UNIT_SECONDS[unit]}${unit}`;
  }
  return `${seconds}s`;
}

module.exports = { parseDuration, formatDuration, DurationError };
