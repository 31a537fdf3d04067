'use strict';
// The council's street list, exported from the GIS as CSV: a header, then `street,round` per line.

function parseStreets(text) {
  const lines = text.split('\n');
  const header = lines[0].trim().split(',');
  if (header[0] !== 'street' || header[1] !== 'round') throw new SyntaxError('expected the header street,round');
  const streets = new Map();
  // The export ends with a newline: the last element of lines is the empty string after it.
  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const [street, round] = line.split(',').map((cell) => cell.trim());
    if (!street || !round) throw new SyntaxError(`line ${i + 1}: expected street,round`);
    streets.set(street.toLowerCase(), { street, round });
  }
  return streets;
}

module.exports = { parseStreets };
