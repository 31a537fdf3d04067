'use strict';
// Reads the head brewer's plan, exported from the planning spreadsheet as CSV: one batch per line,
// `beer,style,litres,brew_day` and, since the cellar sheet was extended, an optional `days` column
// for a batch that stays in its tank longer or shorter than its style usually does.

const REQUIRED = ['beer', 'style', 'litres', 'brew_day'];

function parsePlan(text, styleDays) {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) throw new SyntaxError('empty plan');
  const columns = lines[0].split(',').map((name) => name.trim().toLowerCase());
  for (const name of REQUIRED) {
    if (!columns.includes(name)) throw new SyntaxError(`plan has no ${name} column`);
  }

  return lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    const field = (name) => (columns.includes(name) ? (cells[columns.indexOf(name)] ?? '').trim() : '');
    const where = `line ${i + 2}`;

    const style = field('style').toLowerCase();
    if (!Object.hasOwn(styleDays, style)) throw new RangeError(`${where}: unknown style '${style}'`);
    const litres = Number(field('litres'));
    if (!Number.isInteger(litres) || litres <= 0) throw new SyntaxError(`${where}: bad litres '${field('litres')}'`);
    const brewDay = Number(field('brew_day'));
    if (!Number.isInteger(brewDay) || brewDay < 1) throw new SyntaxError(`${where}: bad brew day '${field('brew_day')}'`);

    return {
      beer: field('beer'),
      style,
      litres,
      brewDay,
      days: field('days') || styleDays[style],
    };
  });
}

module.exports = { parsePlan };
