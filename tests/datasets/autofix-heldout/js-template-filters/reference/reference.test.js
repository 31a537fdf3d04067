'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { render } = require('./lib/template');

test('spaces around the pipe', () => {
  assert.strictEqual(render('Hello {{ user.name | first }}!', { user: { name: 'Grace Hopper' } }), 'Hello Grace!');
});

test('spaced and unspaced render the same', () => {
  assert.strictEqual(render('{{ name | upper }}/{{name|upper}}', { name: 'ada' }), 'ADA/ADA');
});

test('an unknown filter is still an error', () => {
  assert.throws(() => render('{{ name | shout }}', { name: 'ada' }));
});
