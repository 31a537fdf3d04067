'use strict';
// The plant labels for a planned week: one per run of cells, pushed into the tray at its first cell.

function cellRange(tray, first, last) {
  const from = tray.cellName(first);
  return first === last ? from : `${from}-${tray.cellName(last)}`;
}

function label(run, week) {
  const { sowing, tray, first, last, count } = run;
  const up = week * 7 + sowing.germinationDays;
  return `${tray.id} ${cellRange(tray, first, last)}  ${sowing.crop} '${sowing.variety}' x${count}  sown wk${week}, check day ${up}`;
}

function labels(runs, week) {
  return runs.map((run) => label(run, week));
}

module.exports = { labels, label, cellRange };
