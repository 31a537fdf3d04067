'use strict';
// Reads the sales export of the shop's tills: one line per sale, `sku,qty,price`, after a header.
// The counter till and the handheld scanner used at record fairs both write this format.

/** Parses one export into sales: { sku, qty, price } with qty and price as numbers. */
function parseSales(text) {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const [header, ...rows] = lines;
  if (header !== 'sku,qty,price') throw new SyntaxError(`not a till export: ${header}`);
  return rows.map((row, i) => {
    const [sku, qty, price] = row.split(',');
    const sale = { sku, qty: Number(qty), price: Number(price) };
    if (!Number.isInteger(sale.qty) || sale.qty === 0) throw new SyntaxError(`line ${i + 2}: bad quantity ${qty}`);
    if (!Number.isFinite(sale.price)) throw new SyntaxError(`line ${i + 2}: bad price ${price}`);
    return sale;
  });
}

/** The takings of a set of sales, in pence (a return has a negative quantity). */
function takings(sales) {
  return sales.reduce((sum, sale) => sum + Math.round(sale.qty * sale.price * 100), 0);
}

module.exports = { parseSales, takings };
