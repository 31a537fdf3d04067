'use strict';

function cartTotal(lines) {
  return lines.map((line) => line.price * line.quantity).reduce((sum, value) => sum + value);
}

module.exports = { cartTotal };
