'use strict';
// Reads and writes WebVTT subtitle files: a WEBVTT header, then cues separated by blank lines,
// each an optional identifier, a timing line `start --> end [settings]` and the cue's text.
const { parseTimestamp, formatTimestamp } = require('./timestamp');

function parseVtt(text) {
  const blocks = text.replace(/\r\n/g, '\n').trim().split(/\n{2,}/);
  const header = blocks.shift();
  if (!header.startsWith('WEBVTT')) throw new SyntaxError('not a WebVTT file');
  const cues = [];
  for (const block of blocks) {
    const lines = block.split('\n');
    if (lines[0].startsWith('NOTE')) continue;
    const id = lines[0].includes('-->') ? null : lines.shift();
    const [start, rest] = lines[0].split('-->');
    const [end, ...settings] = rest.trim().split(/\s+/);
    cues.push({ id, start: parseTimestamp(start), end: parseTimestamp(end), settings: settings.join(' '), text: lines.slice(1) });
  }
  return { header, cues };
}

function formatVtt({ header, cues }) {
  const blocks = cues.map((cue) => {
    const timing = `${formatTimestamp(cue.start)} --> ${formatTimestamp(cue.end)}${cue.settings ? ` ${cue.settings}` : ''}`;
    return [...(cue.id ? [cue.id] : []), timing, ...cue.text].join('\n');
  });
  return `${[header, ...blocks].join('\n\n')}\n`;
}

/** Moves every cue by `offset` ms (later when positive); cues that would start before 0 are refused. */
function shiftCues(doc, offset) {
  const cues = doc.cues.map((cue) => {
    if (cue.start + offset < 0) throw new RangeError(`cue ${cue.id ?? cue.start} would start before the video`);
    return { ...cue, start: cue.start + offset, end: cue.end + offset };
  });
  return { ...doc, cues };
}

module.exports = { parseVtt, formatVtt, shiftCues };
