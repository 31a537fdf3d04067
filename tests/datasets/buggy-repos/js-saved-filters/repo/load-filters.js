'use strict';
// Loads the filters a browser saved before a release changed their format.
const { activeFilterCount } = require('./lib/filters');

console.log('active filters:', activeFilterCount('{status:"open"'));
