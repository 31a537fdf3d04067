'use strict';
// Renders the mentions of a comment; user 9 left the company and was removed.
const { displayName } = require('./src/users');

for (const id of [1, 9]) console.log(`@${displayName(id)}`);
