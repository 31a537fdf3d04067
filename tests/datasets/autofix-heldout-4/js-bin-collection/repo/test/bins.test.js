'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { parseStreets } = require('../lib/streets');
const { nextCollection } = require('../lib/rounds');
const { binDay } = require('../lib/lookup');

const EXPORT = 'street,round\nAcacia Avenue,MON-1\n\nBeech Road,TUE-1\nDock Street,THU-1\n';

test('the street list', () => {
  const streets = parseStreets(EXPORT);
  assert.deepStrictEqual([...streets.keys()], ['acacia avenue', 'beech road', 'dock street']);
  assert.deepStrictEqual(streets.get('beech road'), { street: 'Beech Road', round: 'TUE-1' });
});

test('a broken export is refused', () => {
  assert.throws(() => parseStreets('name,day\nA,B\n'), SyntaxError);
  assert.throws(() => parseStreets('street,round\nAcacia Avenue\n'), SyntaxError);
});

test('refuse and recycling alternate', () => {
  assert.deepStrictEqual(nextCollection('MON-1', '2025-01-06'), { date: '2025-01-06', weekday: 'Monday', bins: ['refuse', 'food'] });
  assert.deepStrictEqual(nextCollection('MON-1', '2025-01-07'), { date: '2025-01-13', weekday: 'Monday', bins: ['recycling', 'food'] });
  assert.strictEqual(nextCollection('FRI-1', '2025-03-12').date, '2025-03-14');
  assert.throws(() => nextCollection('SUN-9', '2025-03-12'), RangeError);
});

test("a resident's bin day", () => {
  const streets = parseStreets(EXPORT);
  assert.strictEqual(binDay(streets, ' dock street', '2025-03-12'), 'Dock Street: Thursday 2025-03-13, recycling and food');
});
