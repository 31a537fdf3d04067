'use strict';
// Imports contacts exported as JSON Lines: one JSON object per line.

class ImportError extends Error {
  constructor(line, cause) {
    super(`line ${line}: ${cause.message}`);
    this.line = line;
  }
}

function parseLine(text, number) {
  const record = JSON.parse(text);
  if (typeof record !== 'object' || record === null || typeof record.email !== 'string') {
    throw new ImportError(number, new Error('a contact needs an email'));
  }
  return { email: record.email.toLowerCase(), name: record.name ?? '' };
}

/** Every contact in a JSON Lines export. */
function parseContacts(text) {
  return text.split('\n').map((line, i) => parseLine(line, i + 1));
}

module.exports = { parseContacts, ImportError };
