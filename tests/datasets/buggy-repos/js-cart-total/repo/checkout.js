'use strict';
// The checkout page of a visitor who emptied the cart.
const { cartTotal } = require('./src/cart');

console.log('total:', cartTotal([]));
