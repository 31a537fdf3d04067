'use strict';
// Prints a shipping label for customer 1.
const { shippingCity } = require('./src/profiles');

shippingCity(1).then((city) => console.log('ship to', city));
