'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { parseSales, takings } = require('../lib/till-export');
const { StockBook } = require('../lib/stock');

const records = () => [
  { sku: 'LP-0042', title: 'Blue Train', onHand: 6, reorderAt: 2, target: 8 },
  { sku: 'CD-0009', title: 'Blue Lines', onHand: 3, reorderAt: 3, target: 10 },
];

test('a till export is read line by line', () => {
  const sales = parseSales('sku,qty,price\r\nLP-0042,2,24.99\r\nCD-0009,-1,11.50\r\n');
  assert.deepStrictEqual(sales, [
    { sku: 'LP-0042', qty: 2, price: 24.99 },
    { sku: 'CD-0009', qty: -1, price: 11.5 },
  ]);
  assert.strictEqual(takings(sales), 4998 - 1150);
});

test('a file that is not a till export is refused', () => {
  assert.throws(() => parseSales('code;count\nLP-0042;2\n'), SyntaxError);
  assert.throws(() => parseSales('sku,qty,price\nLP-0042,two,24.99\n'), SyntaxError);
});

test('sales come off the shelf and returns go back', () => {
  const book = new StockBook(records());
  book.applySales(parseSales('sku,qty,price\nLP-0042,3,24.99\nCD-0009,2,11.50\nCD-0009,-1,11.50\n'));
  assert.strictEqual(book.onHand('LP-0042'), 3);
  assert.strictEqual(book.onHand('CD-0009'), 2);
});

test('the reorder list tops records up to their target', () => {
  const book = new StockBook(records());
  book.applySales([{ sku: 'LP-0042', qty: 4, price: 24.99 }]);
  assert.deepStrictEqual(book.reorderList(), [
    { sku: 'CD-0009', title: 'Blue Lines', order: 7 },
    { sku: 'LP-0042', title: 'Blue Train', order: 6 },
  ]);
});
