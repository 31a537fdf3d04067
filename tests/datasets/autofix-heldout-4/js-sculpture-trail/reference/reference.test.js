'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { Trail } = require('./lib/trail');
const { stripMap } = require('./lib/strip-map');
const northLoop = require('./trails/north-loop.json');

test('stops at distances of different lengths are in walking order', () => {
  const trail = new Trail('t', [
    { code: 'C', metres: 1200 }, { code: 'A', metres: 0 }, { code: 'D', metres: 10500 }, { code: 'B', metres: 90 },
  ]);
  assert.deepStrictEqual(trail.stops.map((s) => s.code), ['A', 'B', 'C', 'D']);
  assert.deepStrictEqual(trail.legs().map((l) => l.metres), [90, 1110, 9300]);
  assert.strictEqual(trail.length, 10500);
});

test('the North Loop', () => {
  const trail = new Trail(northLoop.name, northLoop.stops);
  assert.deepStrictEqual(trail.stops.map((s) => s.code), ['N1', 'N2', 'N3', 'N4', 'N5']);
  assert.strictEqual(trail.length, 1650);
  assert.strictEqual(trail.minutes(), 24);
  assert.deepStrictEqual(trail.legs()[2], { from: 'N3', to: 'N4', metres: 750 });
});

test("the North Loop's strip map", () => {
  assert.strictEqual(stripMap(new Trail(northLoop.name, northLoop.stops)), '[N1]--[N2]-------[N3]---------------[N4]---------[N5]');
});

test('stops given out of order and of equal length still sort as before', () => {
  const trail = new Trail('t', [{ code: 'B', metres: 500 }, { code: 'A', metres: 200 }, { code: 'C', metres: 800 }]);
  assert.deepStrictEqual(trail.stops.map((s) => s.code), ['A', 'B', 'C']);
  assert.strictEqual(stripMap(trail), '[A]------[B]------[C]');
});

test('two stops at the same distance are still refused', () => {
  assert.throws(() => new Trail('t', [{ code: 'A', metres: 90 }, { code: 'B', metres: 1200 }, { code: 'C', metres: 90 }]), RangeError);
});
