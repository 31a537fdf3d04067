'use strict';
// Prints today's labels; one order came from the guest checkout without a customer.
const { shippingLabel } = require('./src/labels');

const orders = [
  { items: [1], customer: { name: 'Ada', street: '1 Main St', city: 'London' } },
  { items: [2] },
];
for (const order of orders) console.log(shippingLabel(order));
