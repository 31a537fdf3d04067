'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { Rota } = require('../lib/rota');

const MONDAY = new Date('2024-01-01T00:00:00Z');

test('turns follow the list and begin again', () => {
  const rota = new Rota(['ada', 'ben', 'cy'], 'ada', MONDAY);
  assert.deepStrictEqual([0, 1, 2, 3, 4].map((w) => rota.onDuty(w)), ['ada', 'ben', 'cy', 'ada', 'ben']);
});

test('handover message', () => {
  const rota = new Rota(['ada', 'ben'], 'ada', MONDAY);
  assert.strictEqual(rota.handover(new Date('2024-01-01T09:00:00Z')), 'ada starts the rota this week');
  assert.strictEqual(rota.handover(new Date('2024-01-08T09:00:00Z')), 'ada hands over to BEN');
});

test('someone not on the rota cannot start it', () => {
  assert.throws(() => new Rota(['ada'], 'zoe', MONDAY), RangeError);
});
