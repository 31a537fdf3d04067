'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { Fleet } = require('./lib/fleet');
const snapshot = require('./data/fleet-0815.json');

const cars = () => [
  { plate: 'A', status: 'available', charge: 80, location: { lat: 51.4545, lon: -2.5879 } },
  { plate: 'W', status: 'workshop', charge: 95, location: null },
  { plate: 'C', status: 'booked', charge: 90, location: { lat: 51.4547, lon: -2.5879 } },
  { plate: 'D', status: 'available', charge: 55, location: { lat: 51.4600, lon: -2.5879 } },
];

test('a car in the workshop is not bookable', () => {
  const fleet = new Fleet(cars());
  assert.deepStrictEqual(fleet.bookable().map((c) => c.plate), ['A', 'D']);
  assert.deepStrictEqual(fleet.bookable(0).map((c) => c.plate), ['A', 'D']);
  assert.throws(() => fleet.book('W', 'm-1'), /cannot be booked/);
});

test('nearest cars with a car in the workshop', () => {
  const near = new Fleet(cars()).nearest({ lat: 51.4590, lon: -2.5879 });
  assert.deepStrictEqual(near.map((c) => c.plate), ['D', 'A']);
  assert.deepStrictEqual(near[0], { plate: 'D', km: 0.11, walk: 2 });
});

test("the 08:15 snapshot", () => {
  const fleet = new Fleet(snapshot);
  assert.deepStrictEqual(fleet.nearest({ lat: 51.4551, lon: -2.5890 }), [
    { plate: 'KX21 LMA', km: 0.1, walk: 2 },
    { plate: 'LB23 ODE', km: 0.92, walk: 12 },
    { plate: 'LB23 OEX', km: 1.77, walk: 22 },
  ]);
  assert.deepStrictEqual(fleet.nearest({ lat: 51.4680, lon: -2.5830 }, { minCharge: 50 }).map((c) => c.plate), ['LB23 OEX', 'KX21 LMA', 'LB23 ODE']);
  fleet.book('KX21 LMA', 'm-2291');
  assert.deepStrictEqual(fleet.bookable().map((c) => c.plate), ['LB23 ODE', 'LB23 OEX']);
});

test('a serviced car comes back when it is released as available', () => {
  const fleet = new Fleet(cars());
  fleet.car('W').status = 'available';
  fleet.car('W').location = { lat: 51.4591, lon: -2.5879 };
  assert.strictEqual(fleet.nearest({ lat: 51.4590, lon: -2.5879 })[0].plate, 'W');
});
