'use strict';
// Books Tuesday's deliveries onto shelf C (three bins), as the stock-room tablet does, then prints its labels.
const { Shelf } = require('./lib/shelf');

const shelfC = new Shelf('C', 3);
const deliveries = [
  ['MUG-12OZ', 24],
  ['PLATE-DIN', 12],
  ['BOWL-SML', 18],
  ['MUG-12OZ', 12],
  ['PLATE-DIN', 6],
];
for (const [sku, qty] of deliveries) console.log(`${sku} x${qty} -> bin ${shelfC.putAway(sku, qty)}`);
console.log(shelfC.labels().join('\n'));
