'use strict';
// Puts each batch of the plan into a fermenter: on its brew day the wort goes into the smallest tank
// that holds it and is empty for the batch's days plus the cleaning (CIP) after it. A batch no tank can
// take is put on the waiting list for the head brewer to move.
const { CellarCalendar } = require('./calendar');

function schedule(batches, cellar) {
  const calendar = new CellarCalendar(cellar.tanks.map((t) => t.id), cellar.horizonDays);
  const bySize = [...cellar.tanks].sort((a, b) => a.litres - b.litres || a.id.localeCompare(b.id));
  const ordered = batches.map((batch, i) => ({ batch, i })).sort((a, b) => a.batch.brewDay - b.batch.brewDay || a.i - b.i);

  const placed = [];
  const waiting = [];
  for (const { batch } of ordered) {
    const out = batch.brewDay + batch.days;
    const cleanUntil = out + cellar.cleanDays;
    const tank = bySize.find((t) => t.litres >= batch.litres && calendar.isFree(t.id, batch.brewDay, cleanUntil));
    if (!tank) {
      waiting.push(batch);
      continue;
    }
    calendar.book(tank.id, batch.brewDay, out, batch.beer);
    if (cellar.cleanDays > 0) calendar.book(tank.id, out, cleanUntil, 'CIP');
    placed.push({ batch, tank: tank.id, out });
  }
  return { calendar, placed, waiting };
}

/** The head brewer's sheet: one line per batch placed, then each tank's board and the waiting list. */
function cellarSheet({ calendar, placed, waiting }) {
  const lines = placed.map(({ batch, tank, out }) =>
    `day ${String(batch.brewDay).padStart(2)}  ${batch.beer} (${batch.litres} L) -> ${tank}, out day ${out}`);
  for (const tankId of calendar.tankIds) {
    const runs = calendar.runs(tankId).map((r) => `${r.what} ${r.from}-${r.to}`);
    lines.push(`${tankId}: ${runs.join(', ') || 'empty'}`);
  }
  for (const batch of waiting) lines.push(`waiting: ${batch.beer} (${batch.litres} L) brewed day ${batch.brewDay}`);
  lines.push(`empty tank-days: ${calendar.emptyTankDays()}`);
  return lines;
}

module.exports = { schedule, cellarSheet };
