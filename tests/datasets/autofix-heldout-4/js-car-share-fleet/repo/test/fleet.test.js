'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { Fleet } = require('../lib/fleet');
const { distanceKm, walkingMinutes } = require('../lib/geo');

const centre = { lat: 51.4545, lon: -2.5879 };
const cars = () => [
  { plate: 'A', status: 'available', charge: 80, location: { lat: 51.4545, lon: -2.5879 } },
  { plate: 'B', status: 'available', charge: 15, location: { lat: 51.4546, lon: -2.5879 } },
  { plate: 'C', status: 'booked', charge: 90, location: { lat: 51.4547, lon: -2.5879 } },
  { plate: 'D', status: 'available', charge: 55, location: { lat: 51.4600, lon: -2.5879 } },
];

test('distances and walks', () => {
  assert.ok(Math.abs(distanceKm(centre, { lat: 51.4635, lon: -2.5879 }) - 1.0) < 0.01);
  assert.strictEqual(walkingMinutes(1.0), 12);
});

test('booked and flat cars are not offered', () => {
  assert.deepStrictEqual(new Fleet(cars()).bookable().map((c) => c.plate), ['A', 'D']);
  assert.deepStrictEqual(new Fleet(cars()).bookable(60).map((c) => c.plate), ['A']);
});

test('nearest first', () => {
  const near = new Fleet(cars()).nearest({ lat: 51.4590, lon: -2.5879 });
  assert.deepStrictEqual(near.map((c) => c.plate), ['D', 'A']);
  assert.strictEqual(near[0].walk, 2);
});

test('booking and releasing a car', () => {
  const fleet = new Fleet(cars());
  fleet.book('A', 'm-1');
  assert.throws(() => fleet.book('A', 'm-2'), /cannot be booked/);
  assert.deepStrictEqual(fleet.bookable().map((c) => c.plate), ['D']);
  fleet.release('A', { lat: 51.46, lon: -2.59 }, 40);
  assert.deepStrictEqual(fleet.bookable().map((c) => c.plate), ['A', 'D']);
  assert.throws(() => fleet.book('Z', 'm-1'), RangeError);
});
