'use strict';
// The sheets pinned on the club's notice board after each race day: the standings, and the results
// sheet with every boat's points race by race.

/** Points as the notice board writes them: 3, or 2.5 for a shared place. */
function formatPoints(points) {
  return Number.isInteger(points) ? String(points) : points.toFixed(1);
}

function standingsTable(series) {
  return series.standings().map((row) =>
    `${String(row.place).padStart(2)}. ${row.boat.sail} ${row.boat.boat} (${row.boat.helm})  net ${formatPoints(row.net)}`);
}

function raceSheet(series) {
  const races = Array.from({ length: series.raceCount }, (_, r) => `R${r + 1}`.padStart(4)).join('');
  const lines = [`${series.name}: ${series.raceCount} races, ${series.discardCount()} discard(s)`, `     sail  boat      ${races}  total  net  disc`];
  for (const row of series.standings()) {
    const scores = series.scoresOf(row.boat.sail);
    let cells = '';
    for (let r = 0; r < series.raceCount; r++) cells += formatPoints(scores[r]).padStart(4);
    const discarded = row.discarded.map(formatPoints).join(' ');
    lines.push(`${String(row.place).padStart(2)}.  ${row.boat.sail}  ${row.boat.boat.padEnd(9)} ${cells}  ${formatPoints(row.total).padStart(5)} ${formatPoints(row.net).padStart(4)}  ${discarded}`.trimEnd());
  }
  return lines;
}

module.exports = { formatPoints, standingsTable, raceSheet };
