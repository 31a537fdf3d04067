'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { activeFilterCount } = require('./lib/filters');

test('reference: corrupt counts as no filters', () => assert.strictEqual(activeFilterCount('{status:"open"'), 0));
test('reference: two filters', () => assert.strictEqual(activeFilterCount('{"a":1,"b":2}'), 2));
