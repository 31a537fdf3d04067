'use strict';
// Activity sparkline of a repository's contributors page: commits counted per bucket of time,
// from the earliest commit to the latest.

const HOUR = 3600 * 1000;

/** Counts per `bucketMs`-wide bucket, the first bucket starting at the earliest event. */
function buckets(events, bucketMs = 24 * HOUR) {
  if (events.length === 0) return [];
  const ordered = [...events].sort((a, b) => a.at > b.at);
  const first = ordered[0].at;
  const last = ordered[ordered.length - 1].at;
  const counts = Array.from({ length: Math.floor((last - first) / bucketMs) + 1 }, (_, i) => ({ from: new Date(first + i * bucketMs), count: 0 }));
  for (const event of ordered) counts[Math.floor((event.at - first) / bucketMs)].count += 1;
  return counts;
}

/** Events from the git log's `%at %an` lines (seconds since the epoch, then the author). */
function fromGitLog(text) {
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => {
    const space = line.indexOf(' ');
    return { at: Number(line.slice(0, space)) * 1000, author: line.slice(space + 1) };
  });
}

/** One character per bucket, taller for busier buckets. */
function sparkline(counts) {
  const bars = ' ▁▂▃▄▅▆▇█';
  const max = Math.max(1, ...counts.map((c) => c.count));
  return counts.map((c) => bars[Math.round((c.count / max) * (bars.length - 1))]).join('');
}

module.exports = { buckets, fromGitLog, sparkline };
