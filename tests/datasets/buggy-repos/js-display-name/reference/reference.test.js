'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { displayName } = require('./src/users');

test('reference: removed user', () => assert.strictEqual(displayName(9), null));
test('reference: known user', () => assert.strictEqual(displayName(1), 'Ada Lovelace'));
