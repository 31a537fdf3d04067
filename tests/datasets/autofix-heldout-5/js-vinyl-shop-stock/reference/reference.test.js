'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { parseSales, takings } = require('./lib/till-export');
const { StockBook } = require('./lib/stock');

const stock = () => JSON.parse(fs.readFileSync(path.join(__dirname, 'data', 'stock.json'), 'utf8'));

test('a code scanned in lower case comes off its record', () => {
  const book = new StockBook(stock());
  book.applySales(parseSales('sku,qty,price\nlp-0107,2,22.00\n'));
  assert.strictEqual(book.onHand('LP-0107'), 3);
});

test('codes in mixed case and upper case are the same record', () => {
  const book = new StockBook(stock());
  book.applySales(parseSales('sku,qty,price\nSeven-0113,1,8.50\nseven-0113,1,8.50\nSEVEN-0113,1,8.50\ncd-0009,-1,11.50\n'));
  assert.strictEqual(book.onHand('SEVEN-0113'), 1);
  assert.strictEqual(book.onHand('CD-0009'), 11);
});

test("Saturday's close: both exports come off the stock book", () => {
  const book = new StockBook(stock());
  let pence = 0;
  for (const file of ['counter-till.csv', 'fair-handheld.csv']) {
    const sales = parseSales(fs.readFileSync(path.join(__dirname, 'data', file), 'utf8'));
    book.applySales(sales);
    pence += takings(sales);
  }
  assert.strictEqual(pence, 19847);
  assert.deepStrictEqual(
    ['LP-0042', 'LP-0107', 'LP-0231', 'SEVEN-0113', 'CD-0009'].map((sku) => book.onHand(sku)),
    [3, 3, 1, 1, 10],
  );
  assert.deepStrictEqual(book.reorderList(), [
    { sku: 'LP-0231', title: 'Pink Moon', order: 3 },
    { sku: 'SEVEN-0113', title: 'Heroes / V-2 Schneider', order: 4 },
  ]);
});

test('upper-case exports and returns as before', () => {
  const sales = parseSales('sku,qty,price\r\nLP-0042,2,24.99\r\nCD-0009,-1,11.50\r\n');
  assert.strictEqual(takings(sales), 3848);
  const book = new StockBook(stock());
  book.applySales(sales);
  assert.strictEqual(book.onHand('LP-0042'), 4);
  assert.strictEqual(book.onHand('CD-0009'), 11);
  assert.throws(() => parseSales('sku,qty,price\nlp-0042,0,24.99\n'), SyntaxError);
});
