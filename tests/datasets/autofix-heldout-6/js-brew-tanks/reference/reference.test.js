'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { parsePlan } = require('./lib/plan-csv');
const { schedule, cellarSheet } = require('./lib/schedule');

const styleDays = { pale: 10, ipa: 12, stout: 11 };

test('a days column gives the batch that many days, as a number', () => {
  const batches = parsePlan('beer,style,litres,brew_day,days\nSpindrift IPA,ipa,580,5,14\nHarbour Pale,pale,900,1,\n', styleDays);
  assert.deepStrictEqual(batches, [
    { beer: 'Spindrift IPA', style: 'ipa', litres: 580, brewDay: 5, days: 14 },
    { beer: 'Harbour Pale', style: 'pale', litres: 900, brewDay: 1, days: 10 },
  ]);
  assert.strictEqual(batches[0].brewDay + batches[0].days, 19);
});

test('a batch with its own days holds its tank for exactly those days and its cleaning', () => {
  const cellar = { horizonDays: 24, cleanDays: 1, tanks: [{ id: 'FV1', litres: 1000 }], styleDays };
  const batches = parsePlan('beer,style,litres,brew_day,days\nNight Tide Stout,stout,500,2,9\nHarbour Pale,pale,900,12,\n', styleDays);
  assert.deepStrictEqual(cellarSheet(schedule(batches, cellar)), [
    'day  2  Night Tide Stout (500 L) -> FV1, out day 11',
    'day 12  Harbour Pale (900 L) -> FV1, out day 22',
    'FV1: Night Tide Stout 2-10, CIP 11-11, Harbour Pale 12-21, CIP 22-22',
    'empty tank-days: 3',
  ]);
});

test("March's plan: every batch's tank and the tanks' boards", () => {
  const data = path.join(__dirname, 'data');
  const cellar = JSON.parse(fs.readFileSync(path.join(data, 'cellar.json'), 'utf8'));
  const batches = parsePlan(fs.readFileSync(path.join(data, 'march-plan.csv'), 'utf8'), cellar.styleDays);
  assert.deepStrictEqual(cellarSheet(schedule(batches, cellar)), [
    'day  1  Harbour Pale (900 L) -> FV1, out day 11',
    'day  2  Night Tide Stout (550 L) -> FV3, out day 13',
    'day  3  Keel Lager (1000 L) -> FV2, out day 27',
    'day  5  Spindrift IPA (580 L) -> FV4, out day 19',
    'day 12  Harbour Pale (900 L) -> FV1, out day 22',
    'day 15  Night Tide Stout (500 L) -> FV3, out day 24',
    'day 22  Spindrift IPA (580 L) -> FV4, out day 34',
    'day 25  Harbour Pale (950 L) -> FV1, out day 35',
    'FV1: Harbour Pale 1-10, CIP 11-11, Harbour Pale 12-21, CIP 22-22, Harbour Pale 25-34, CIP 35-35',
    'FV2: Keel Lager 3-26, CIP 27-27',
    'FV3: Night Tide Stout 2-12, CIP 13-13, Night Tide Stout 15-23, CIP 24-24',
    'FV4: Spindrift IPA 5-18, CIP 19-19, Spindrift IPA 22-33, CIP 34-34',
    'waiting: Saltmarsh Wheat (600 L) brewed day 8',
    'waiting: Lighthouse Red (600 L) brewed day 18',
    'empty tank-days: 60',
  ]);
});
