'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { BoxOffice } = require('../lib/box-office');
const { doorList, houseReport } = require('../lib/door-list');

const office = () => new BoxOffice(['A2', 'A3', 'A1', 'B2', 'B3', 'B1'], 1500);

test('orders take the best free seats', () => {
  const box = office();
  const first = box.sell('Ito', 2);
  const second = box.sell('Ruiz', 3);
  assert.deepStrictEqual(box.seatsOf(first), ['A2', 'A3']);
  assert.deepStrictEqual(box.seatsOf(second), ['A1', 'B2', 'B3']);
  assert.strictEqual(box.available, 1);
});

test('no more tickets than there are seats', () => {
  const box = office();
  box.sell('Ito', 5);
  assert.throws(() => box.sell('Ruiz', 2), RangeError);
  assert.throws(() => box.sell('Ruiz', 0), RangeError);
});

test('a refund pays back the order and frees its seats', () => {
  const box = office();
  box.sell('Ito', 2);
  const ruiz = box.sell('Ruiz', 3);
  assert.strictEqual(box.refund(ruiz), 4500);
  assert.deepStrictEqual(box.free.map((seat) => seat.label), ['B1', 'A1', 'B2', 'B3']);
  assert.ok(box.free.every((seat) => seat.holder === null));
  assert.throws(() => box.seatsOf(ruiz), RangeError);
  assert.throws(() => box.refund(ruiz), RangeError);
});

test('the door list and the house report', () => {
  const box = office();
  box.sell('Ruiz', 2);
  box.sell('Ito', 1);
  assert.deepStrictEqual(doorList(box), ['Ito          A1', 'Ruiz         A2 A3']);
  assert.strictEqual(houseReport(box), '3 of 6 sold, takings £45.00');
});
