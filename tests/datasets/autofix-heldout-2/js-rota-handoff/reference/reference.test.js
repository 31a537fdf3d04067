'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { Rota } = require('./lib/rota');

const MONDAY = new Date('2024-01-01T00:00:00Z');

test('a rota started part-way through the list wraps round', () => {
  const rota = new Rota(['ada', 'ben', 'cy', 'dee', 'eli'], 'dee', MONDAY);
  assert.deepStrictEqual([0, 1, 2, 3, 4, 5, 6, 7].map((w) => rota.onDuty(w)), ['dee', 'eli', 'ada', 'ben', 'cy', 'dee', 'eli', 'ada']);
});

test('handover across the end of the list', () => {
  const rota = new Rota(['ada', 'ben', 'cy', 'dee', 'eli'], 'dee', MONDAY);
  assert.strictEqual(rota.handover(new Date('2024-01-08T09:00:00Z')), 'dee hands over to ELI');
  assert.strictEqual(rota.handover(new Date('2024-01-15T09:00:00Z')), 'eli hands over to ADA');
  assert.strictEqual(rota.handover(new Date('2024-01-22T09:00:00Z')), 'ada hands over to BEN');
});

test('started with the last person, week after week', () => {
  const rota = new Rota(['ada', 'ben'], 'ben', MONDAY);
  assert.deepStrictEqual([0, 1, 2, 3, 9].map((w) => rota.onDuty(w)), ['ben', 'ada', 'ben', 'ada', 'ada']);
});

test('before the start is still refused', () => {
  const rota = new Rota(['ada', 'ben'], 'ada', MONDAY);
  assert.throws(() => rota.onDuty(-1), RangeError);
});
