'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const { parseStreets } = require('./lib/streets');
const { binDay } = require('./lib/lookup');

test('an export without a final newline keeps its last street', () => {
  const streets = parseStreets('street,round\nAcacia Avenue,MON-1\nBeech Road,TUE-1');
  assert.deepStrictEqual([...streets.keys()], ['acacia avenue', 'beech road']);
  assert.deepStrictEqual(streets.get('beech road'), { street: 'Beech Road', round: 'TUE-1' });
});

test('a single street without a newline', () => {
  assert.deepStrictEqual([...parseStreets('street,round\nFerry Road,THU-1').values()], [{ street: 'Ferry Road', round: 'THU-1' }]);
});

test('exports with a final newline, blank lines or Windows line ends read as before', () => {
  assert.strictEqual(parseStreets('street,round\nAcacia Avenue,MON-1\n\nBeech Road,TUE-1\n').size, 2);
  assert.strictEqual(parseStreets('street,round\r\nAcacia Avenue,MON-1\r\nBeech Road,TUE-1\r\n').size, 2);
  assert.strictEqual(parseStreets('street,round\r\nAcacia Avenue,MON-1\r\nBeech Road,TUE-1').size, 2);
  assert.throws(() => parseStreets('street,round\nAcacia Avenue'), SyntaxError);
});

test("the council's street list", () => {
  const streets = parseStreets(fs.readFileSync('data/streets.csv', 'utf8'));
  assert.strictEqual(streets.size, 6);
  assert.strictEqual(binDay(streets, 'Ferry Road', '2025-03-12'), 'Ferry Road: Thursday 2025-03-13, recycling and food');
  assert.strictEqual(binDay(streets, 'elm grove', '2025-03-12'), 'Elm Grove: Friday 2025-03-14, recycling and food');
});
