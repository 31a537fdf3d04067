'use strict';
// The welcome e-mail, rendered for a new sign-up.
const { render } = require('./lib/template');

console.log(render('Hello {{ user.name | first }}, welcome to {{team}}!', { user: { name: 'Grace Hopper' }, team: 'Compilers' }));
