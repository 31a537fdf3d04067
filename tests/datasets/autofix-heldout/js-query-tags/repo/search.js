'use strict';
// The search page's request, as the checkbox form submits it.
const { parseQuery, tagsOf } = require('./lib/query');

const params = parseQuery('q=lamp&tag=vintage&tag=brass');
console.log('searching', params.q, 'tagged', tagsOf(params));
