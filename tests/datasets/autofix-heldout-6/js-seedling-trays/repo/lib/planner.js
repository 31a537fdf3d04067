'use strict';
// Plans a week's sowings onto trays: sowings that ask for the same kind of tray share trays in the
// order they are listed, a new tray is started when the current one is full, and a sowing may run on
// from one tray into the next. Every run of cells gets a label.
const { Tray } = require('./tray');

function checkSowing(sowing, trayTypes) {
  if (!/^[A-Z]{2}$/.test(sowing.code)) throw new SyntaxError(`sowing ${sowing.variety}: code must be two capital letters`);
  if (!Number.isInteger(sowing.seeds) || sowing.seeds < 1) throw new RangeError(`sowing ${sowing.code}: bad seed count ${sowing.seeds}`);
  if (!trayTypes[sowing.tray]) throw new RangeError(`sowing ${sowing.code}: no tray type ${sowing.tray}`);
}

function plan(sowings, trayTypes) {
  const trays = [];
  const open = new Map();
  const runs = [];

  const nextTray = (type) => {
    const current = open.get(type);
    if (current && current.free > 0) return current;
    const { rows, cols } = trayTypes[type];
    const tray = new Tray(`T${trays.length + 1}`, type, rows, cols);
    trays.push(tray);
    open.set(type, tray);
    return tray;
  };

  for (const sowing of sowings) {
    checkSowing(sowing, trayTypes);
    let left = sowing.seeds;
    while (left > 0) {
      const tray = nextTray(sowing.tray);
      const count = Math.min(left, tray.free);
      const { first, last } = tray.fill(sowing.code, count);
      runs.push({ sowing, tray, first, last, count });
      left -= count;
    }
  }
  return { trays, runs };
}

/** Trays of each type the week needs, e.g. { 'module-36': 2 }. */
function traysNeeded(trays) {
  const needed = {};
  for (const tray of trays) needed[tray.type] = (needed[tray.type] ?? 0) + 1;
  return needed;
}

module.exports = { plan, traysNeeded };
