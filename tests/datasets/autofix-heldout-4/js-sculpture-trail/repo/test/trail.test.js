'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { Trail } = require('../lib/trail');
const { stripMap } = require('../lib/strip-map');

const southLoop = () => new Trail('South Loop', [
  { code: 'S1', title: 'Gatehouse', metres: 100 },
  { code: 'S3', title: 'Stone Circle', metres: 600 },
  { code: 'S2', title: 'Copper Birds', metres: 350 },
]);

test('stops in walking order', () => {
  assert.deepStrictEqual(southLoop().stops.map((s) => s.code), ['S1', 'S2', 'S3']);
});

test('legs, length and time', () => {
  const trail = southLoop();
  assert.deepStrictEqual(trail.legs(), [{ from: 'S1', to: 'S2', metres: 250 }, { from: 'S2', to: 'S3', metres: 250 }]);
  assert.strictEqual(trail.length, 500);
  assert.strictEqual(trail.minutes(), 8);
});

test('the strip map', () => {
  assert.strictEqual(stripMap(southLoop()), '[S1]-----[S2]-----[S3]');
});

test('stops by code', () => {
  assert.strictEqual(southLoop().stop('S3').title, 'Stone Circle');
  assert.throws(() => southLoop().stop('N1'), RangeError);
});

test('a trail needs two stops at different places', () => {
  assert.throws(() => new Trail('x', [{ code: 'A', metres: 100 }]), RangeError);
  assert.throws(() => new Trail('x', [{ code: 'A', metres: 100 }, { code: 'B', metres: 100 }]), RangeError);
});
