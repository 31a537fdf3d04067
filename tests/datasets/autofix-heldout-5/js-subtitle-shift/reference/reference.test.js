'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { parseTimestamp, formatTimestamp } = require('./lib/timestamp');
const { parseVtt, formatVtt, shiftCues } = require('./lib/vtt');

test('a timestamp without hours is minutes and seconds', () => {
  assert.strictEqual(parseTimestamp('01:02.500'), 62500);
  assert.strictEqual(parseTimestamp('00:01.500'), 1500);
  assert.strictEqual(parseTimestamp('59:59.999'), 3599999);
  assert.strictEqual(formatTimestamp(parseTimestamp('12:34.567')), '00:12:34.567');
});

test('timestamps with hours as before', () => {
  assert.strictEqual(parseTimestamp('01:02:03.450'), 3723450);
  assert.strictEqual(parseTimestamp('00:00:00.000'), 0);
  assert.strictEqual(parseTimestamp('100:00:00.001'), 360000001);
});

test('cues may mix both forms', () => {
  const doc = parseVtt('WEBVTT\n\n00:58.000 --> 01:00:01.250 align:start\nAcross the hour\n');
  assert.deepStrictEqual(doc.cues, [{ id: null, start: 58000, end: 3601250, settings: 'align:start', text: ['Across the hour'] }]);
});

test('episode 4 moves 4.2 seconds later', () => {
  const source = fs.readFileSync(path.join(__dirname, 'subtitles', 'ep04-en.vtt'), 'utf8');
  assert.strictEqual(formatVtt(shiftCues(parseVtt(source), 4200)), [
    'WEBVTT - Harbour Lights, episode 4 (English)',
    '',
    '1',
    '00:00:05.700 --> 00:00:08.200',
    '[gulls, distant engine]',
    '',
    '2',
    '00:00:08.450 --> 00:00:12.000 line:85%',
    'We should have been back',
    'before the tide turned.',
    '',
    '3',
    '00:01:04.100 --> 00:01:07.250',
    '- You brought the charts?',
    '- Both of them.',
    '',
    '4',
    '01:03:02.200 --> 01:03:05.600 align:start',
    'Harbour Lights will return.',
    '',
  ].join('\n'));
});
