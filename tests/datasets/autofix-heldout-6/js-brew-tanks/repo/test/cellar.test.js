'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { parsePlan } = require('../lib/plan-csv');
const { schedule, cellarSheet } = require('../lib/schedule');
const { CellarCalendar } = require('../lib/calendar');

const styleDays = { pale: 10, stout: 11, lager: 24 };
const cellar = {
  horizonDays: 30,
  cleanDays: 1,
  tanks: [{ id: 'FV1', litres: 1000 }, { id: 'FV2', litres: 500 }],
  styleDays,
};

test('a plan line becomes a batch with its style days', () => {
  const batches = parsePlan('beer,style,litres,brew_day\nHarbour Pale,Pale,900,1\nNight Tide Stout,stout,450,3\n', styleDays);
  assert.deepStrictEqual(batches, [
    { beer: 'Harbour Pale', style: 'pale', litres: 900, brewDay: 1, days: 10 },
    { beer: 'Night Tide Stout', style: 'stout', litres: 450, brewDay: 3, days: 11 },
  ]);
});

test('bad plans are refused', () => {
  assert.throws(() => parsePlan('beer,litres,brew_day\nX,10,1', styleDays), SyntaxError);
  assert.throws(() => parsePlan('beer,style,litres,brew_day\nX,porter,100,1', styleDays), RangeError);
  assert.throws(() => parsePlan('beer,style,litres,brew_day\nX,pale,lots,1', styleDays), SyntaxError);
  assert.throws(() => parsePlan('beer,style,litres,brew_day\nX,pale,100,0', styleDays), SyntaxError);
});

test('the calendar books runs of days and finds them again', () => {
  const calendar = new CellarCalendar(['FV1'], 10);
  calendar.book('FV1', 2, 5, 'Pale');
  calendar.book('FV1', 5, 6, 'CIP');
  assert.strictEqual(calendar.isFree('FV1', 6, 11), true);
  assert.strictEqual(calendar.isFree('FV1', 4, 7), false);
  assert.deepStrictEqual(calendar.runs('FV1'), [{ what: 'Pale', from: 2, to: 4 }, { what: 'CIP', from: 5, to: 5 }]);
  assert.strictEqual(calendar.emptyTankDays(), 6);
  assert.throws(() => calendar.book('FV1', 3, 4, 'Stout'), /not free/);
});

test('batches go into the smallest tank that is free, the rest wait', () => {
  const batches = parsePlan([
    'beer,style,litres,brew_day',
    'Harbour Pale,pale,900,1',
    'Night Tide Stout,stout,450,2',
    'Keel Lager,lager,480,4',
    'Harbour Pale,pale,900,5',
    'Harbour Pale,pale,900,12',
  ].join('\n'), styleDays);
  const sheet = cellarSheet(schedule(batches, cellar));
  assert.deepStrictEqual(sheet, [
    'day  1  Harbour Pale (900 L) -> FV1, out day 11',
    'day  2  Night Tide Stout (450 L) -> FV2, out day 13',
    'day 12  Harbour Pale (900 L) -> FV1, out day 22',
    'FV1: Harbour Pale 1-10, CIP 11-11, Harbour Pale 12-21, CIP 22-22',
    'FV2: Night Tide Stout 2-12, CIP 13-13',
    'waiting: Keel Lager (480 L) brewed day 4',
    'waiting: Harbour Pale (900 L) brewed day 5',
    'empty tank-days: 26',
  ]);
});
