'use strict';
// Runs act one's cues through the desk as the technical rehearsal did, and prints the show log.
const { CueList } = require('./lib/cue-list');
const { promptLog } = require('./lib/prompt-log');

const actOne = new CueList([
  { number: 'LX 1', label: 'house to half' },
  { number: 'LX 2', label: 'house out, preset' },
  { number: 'SQ 1', label: 'storm' },
  { number: 'LX 3', label: 'lightning' },
  { number: 'LX 4', label: 'blackout' },
]);
const times = ['19:30:00', '19:30:20', '19:31:05', '19:31:07', '19:58:40'];
const log = promptLog(actOne, () => times.shift());
while (actOne.standby) actOne.go();
console.log(log.join('\n'));
