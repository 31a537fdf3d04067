'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { parseContacts, ImportError } = require('../lib/jsonl');

test('two contacts', () => {
  assert.deepStrictEqual(parseContacts('{"email":"A@x.org","name":"A"}\n{"email":"b@x.org"}'), [
    { email: 'a@x.org', name: 'A' },
    { email: 'b@x.org', name: '' },
  ]);
});

test('a record without email names its line', () => {
  assert.throws(() => parseContacts('{"email":"a@x.org"}\n{"name":"B"}'), (e) => e instanceof ImportError && e.line === 2);
});
