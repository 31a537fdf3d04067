'use strict';
// End of the trading day: takes every till export of the day off the stock book and prints the
// takings and the buyer's reorder list, as the shop's back-office job does at closing time.
const fs = require('node:fs');
const path = require('node:path');
const { parseSales, takings } = require('./lib/till-export');
const { StockBook } = require('./lib/stock');

const data = path.join(__dirname, 'data');
const book = new StockBook(JSON.parse(fs.readFileSync(path.join(data, 'stock.json'), 'utf8')));

let pence = 0;
for (const file of ['counter-till.csv', 'fair-handheld.csv']) {
  const sales = parseSales(fs.readFileSync(path.join(data, file), 'utf8'));
  book.applySales(sales);
  pence += takings(sales);
  console.log(`${file}: ${sales.length} lines`);
}

console.log(`takings: £${(pence / 100).toFixed(2)}`);
for (const line of book.reorderList()) {
  console.log(`reorder ${line.sku} ${line.title}: ${line.order}`);
}
