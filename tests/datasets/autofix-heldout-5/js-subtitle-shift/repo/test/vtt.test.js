'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { parseTimestamp, formatTimestamp } = require('../lib/timestamp');
const { parseVtt, formatVtt, shiftCues } = require('../lib/vtt');

const sample = [
  'WEBVTT',
  '',
  'intro',
  '00:00:01.000 --> 00:00:03.500',
  'Previously...',
  '',
  '00:01:10.200 --> 00:01:12.000 align:end',
  'Hold the line!',
  'Now!',
  '',
].join('\n');

test('timestamps are read and written in milliseconds', () => {
  assert.strictEqual(parseTimestamp('01:02:03.450'), 3723450);
  assert.strictEqual(parseTimestamp('00:00:00.000'), 0);
  assert.strictEqual(formatTimestamp(3723450), '01:02:03.450');
  assert.strictEqual(formatTimestamp(59999), '00:00:59.999');
  assert.throws(() => formatTimestamp(-1), RangeError);
});

test('a file is read into cues', () => {
  const doc = parseVtt(sample);
  assert.strictEqual(doc.header, 'WEBVTT');
  assert.deepStrictEqual(doc.cues, [
    { id: 'intro', start: 1000, end: 3500, settings: '', text: ['Previously...'] },
    { id: null, start: 70200, end: 72000, settings: 'align:end', text: ['Hold the line!', 'Now!'] },
  ]);
});

test('shifting moves every cue and writes the file back', () => {
  const out = formatVtt(shiftCues(parseVtt(sample), 2500));
  assert.strictEqual(out, [
    'WEBVTT',
    '',
    'intro',
    '00:00:03.500 --> 00:00:06.000',
    'Previously...',
    '',
    '00:01:12.700 --> 00:01:14.500 align:end',
    'Hold the line!',
    'Now!',
    '',
  ].join('\n'));
});

test('a cue cannot move before the start of the video', () => {
  assert.throws(() => shiftCues(parseVtt(sample), -1500), RangeError);
});

test('other files are refused', () => {
  assert.throws(() => parseVtt('1\n00:00:01,000 --> 00:00:02,000\nSRT\n'), SyntaxError);
});
