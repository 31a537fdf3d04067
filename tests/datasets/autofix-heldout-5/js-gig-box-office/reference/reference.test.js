'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { BoxOffice } = require('./lib/box-office');
const { doorList, houseReport } = require('./lib/door-list');

const office = () => new BoxOffice(['A2', 'A3', 'A1', 'B2', 'B3', 'B1'], 1500);

test('a refund puts exactly its tickets back on sale', () => {
  const box = office();
  box.sell('Ito', 2);
  const ruiz = box.sell('Ruiz', 3);
  assert.strictEqual(box.available, 1);
  assert.strictEqual(box.refund(ruiz), 4500);
  assert.strictEqual(box.available, 4);
  assert.strictEqual(box.sold, 2);
  assert.strictEqual(houseReport(box), '2 of 6 sold, takings £30.00');
});

test('the seats a refund freed can be sold again, and no more', () => {
  const box = office();
  const ito = box.sell('Ito', 4);
  box.refund(ito);
  assert.strictEqual(box.available, 6);
  const ruiz = box.sell('Ruiz', 6);
  assert.deepStrictEqual(box.seatsOf(ruiz), ['B3', 'B1', 'A2', 'A3', 'A1', 'B2']);
  assert.strictEqual(box.available, 0);
  assert.throws(() => box.sell('Late', 1), RangeError);
});

test('two refunds in a row', () => {
  const box = office();
  const a = box.sell('Ito', 1);
  const b = box.sell('Ruiz', 2);
  box.sell('Kim', 3);
  box.refund(a);
  box.refund(b);
  assert.strictEqual(box.available, 3);
  assert.throws(() => box.sell('Late', 4), RangeError);
  box.sell('Late', 3);
  assert.strictEqual(houseReport(box), '6 of 6 sold, takings £90.00');
});

test("Thursday's gig: the door sells what is left", () => {
  const box = new BoxOffice(['B3', 'B4', 'B5', 'B2', 'B6', 'A3', 'A4', 'A2', 'A5', 'C4', 'C3', 'C5'], 1800);
  box.sell('Okafor', 4);
  box.sell('Lindqvist', 2);
  box.sell('Haddad', 3);
  assert.strictEqual(box.refund(2), 3600);
  box.sell('Moreau', 2);
  assert.strictEqual(box.available, 3);
  box.sell('Door sales', box.available);
  assert.deepStrictEqual(doorList(box), [
    'Door sales   C5 B6 A3',
    'Haddad       A4 A2 A5',
    'Moreau       C4 C3',
    'Okafor       B3 B4 B5 B2',
  ]);
  assert.strictEqual(houseReport(box), '12 of 12 sold, takings £216.00');
});
