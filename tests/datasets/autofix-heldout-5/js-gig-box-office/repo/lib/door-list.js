'use strict';
// The list the door staff check names against: one line per order, in seat order.

function doorList(office) {
  const lines = [];
  for (const order of office.orders.values()) {
    lines.push(`${order.buyer.padEnd(12)} ${order.seats.map((seat) => seat.label).join(' ')}`);
  }
  return lines.sort();
}

function houseReport(office) {
  const takings = (office.sold * office.price) / 100;
  return `${office.sold} of ${office.capacity} sold, takings £${takings.toFixed(2)}`;
}

module.exports = { doorList, houseReport };
