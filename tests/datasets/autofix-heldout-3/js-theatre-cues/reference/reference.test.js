'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { CueList } = require('./lib/cue-list');
const { promptLog } = require('./lib/prompt-log');

const cues = () => [{ number: 'LX 1', label: 'preset' }, { number: 'SQ 1', label: 'rain' }, { number: 'LX 2', label: 'blackout' }];

test('a listener is told the cue that has just gone and the next one', () => {
  const list = new CueList(cues());
  const heard = [];
  list.onGo((current, standby) => heard.push([current.number, standby ? standby.number : null]));
  const gone = [list.go(), list.go(), list.go()].map((cue) => cue.number);
  assert.deepStrictEqual(gone, ['LX 1', 'SQ 1', 'LX 2']);
  assert.deepStrictEqual(heard, [['LX 1', 'SQ 1'], ['SQ 1', 'LX 2'], ['LX 2', null]]);
});

test('the list has moved on when a listener runs', () => {
  const list = new CueList(cues());
  const seen = [];
  list.onGo(() => seen.push(list.current.number));
  list.go();
  list.go();
  assert.deepStrictEqual(seen, ['LX 1', 'SQ 1']);
});

test('the prompt log of a run', () => {
  const list = new CueList(cues());
  const times = ['19:30:00', '19:31:10', '19:45:00'];
  const log = promptLog(list, () => times.shift());
  list.go();
  list.go();
  list.go();
  assert.deepStrictEqual(log, [
    '19:30:00  GO LX 1 (preset), standby SQ 1',
    '19:31:10  GO SQ 1 (rain), standby LX 2',
    '19:45:00  GO LX 2 (blackout), end of show',
  ]);
});

test('a one-cue show', () => {
  const list = new CueList([{ number: 'LX 9', label: 'bows' }]);
  const log = promptLog(list, () => '22:10:00');
  assert.strictEqual(list.go().number, 'LX 9');
  assert.deepStrictEqual(log, ['22:10:00  GO LX 9 (bows), end of show']);
  assert.throws(() => list.go(), RangeError);
});
