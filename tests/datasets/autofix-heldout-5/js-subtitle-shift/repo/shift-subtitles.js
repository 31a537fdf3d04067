'use strict';
// The re-cut of episode 4 has a new 4.2-second sponsor ident before the titles: every subtitle cue
// moves later by that much. Prints the shifted file, which the publishing job uploads next to the video.
const fs = require('node:fs');
const path = require('node:path');
const { parseVtt, formatVtt, shiftCues } = require('./lib/vtt');

const IDENT_MS = 4200;
const source = fs.readFileSync(path.join(__dirname, 'subtitles', 'ep04-en.vtt'), 'utf8');
const shifted = shiftCues(parseVtt(source), IDENT_MS);
process.stdout.write(formatVtt(shifted));
