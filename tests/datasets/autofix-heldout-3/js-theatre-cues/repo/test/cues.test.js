'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { CueList } = require('../lib/cue-list');
const { promptLog } = require('../lib/prompt-log');

const cues = () => [{ number: 'LX 1', label: 'preset' }, { number: 'SQ 1', label: 'rain' }, { number: 'LX 2', label: 'blackout' }];

test('GO runs the cues in order', () => {
  const list = new CueList(cues());
  assert.strictEqual(list.current, undefined);
  assert.strictEqual(list.go().number, 'LX 1');
  assert.strictEqual(list.go().number, 'SQ 1');
  assert.strictEqual(list.current.number, 'SQ 1');
  assert.strictEqual(list.standby.number, 'LX 2');
});

test('no GO past the last cue', () => {
  const list = new CueList(cues());
  list.go();
  list.go();
  list.go();
  assert.strictEqual(list.standby, undefined);
  assert.throws(() => list.go(), RangeError);
});

test('listeners hear every GO', () => {
  const list = new CueList(cues());
  let heard = 0;
  list.onGo(() => heard++);
  list.go();
  list.go();
  assert.strictEqual(heard, 2);
});

test('a list with no cues is refused', () => {
  assert.throws(() => new CueList([]), RangeError);
});

test('the log starts empty', () => {
  assert.deepStrictEqual(promptLog(new CueList(cues()), () => '19:30'), []);
});
