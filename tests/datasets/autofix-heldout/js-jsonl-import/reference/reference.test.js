'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { parseContacts, ImportError } = require('./lib/jsonl');

test('CRLF and a trailing newline', () => {
  assert.deepStrictEqual(parseContacts('{"email":"Ada@example.com","name":"Ada"}\r\n{"email":"grace@example.com"}\r\n'), [
    { email: 'ada@example.com', name: 'Ada' },
    { email: 'grace@example.com', name: '' },
  ]);
});

test('blank lines between records are skipped', () => {
  assert.strictEqual(parseContacts('{"email":"a@x.org"}\n\n   \n{"email":"b@x.org"}\n').length, 2);
});

test('a line that is not JSON is still an error with its line number', () => {
  assert.throws(() => parseContacts('{"email":"a@x.org"}\nnot json\n'), (e) => e instanceof ImportError && e.line === 2);
});
