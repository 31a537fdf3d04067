'use strict';

function shippingLabel(order) {
  if (!order.items || order.items.length === 0) throw new Error('order has no items');
  return `${order.customer.name}\n${order.customer.street}\n${order.customer.city}`;
}

module.exports = { shippingLabel };
