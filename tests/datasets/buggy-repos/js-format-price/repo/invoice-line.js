'use strict';
// Prints an invoice line; this caller relies on the default currency.
const { formatPrice } = require('./src/money');

console.log('Total:', formatPrice(42.5));
