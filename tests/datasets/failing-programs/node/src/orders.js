function applyCoupon(total, coupon) {
  if (coupon.percent > 100) {
    throw new RangeError(`Coupon ${coupon.code} takes off more than 100%`);
  }
  return total * (1 - coupon.percent / 100);
}

function pageCount(count, size) {
  return new Array(Math.ceil(count / size)).fill(0).length;
}

async function reserveStock(sku, quantity) {
  await new Promise((resolve) => setImmediate(resolve));
  throw new Error(`Inventory service unavailable (503) while reserving ${quantity} of ${sku}`);
}

module.exports = { applyCoupon, pageCount, reserveStock };
