'use strict';
// Thursday's gig: replays the online orders and refunds of the week, then sells what is left at the
// door and prints the door list and the house report, as the box office does when the doors open.
const { BoxOffice } = require('./lib/box-office');
const { doorList, houseReport } = require('./lib/door-list');

const seats = ['B3', 'B4', 'B5', 'B2', 'B6', 'A3', 'A4', 'A2', 'A5', 'C4', 'C3', 'C5'];
const office = new BoxOffice(seats, 1800);

const week = [
  ['sell', 'Okafor', 4],
  ['sell', 'Lindqvist', 2],
  ['sell', 'Haddad', 3],
  ['refund', 2],
  ['sell', 'Moreau', 2],
];
for (const [action, arg, count] of week) {
  if (action === 'sell') office.sell(arg, count);
  else console.log(`refunded order ${arg}: £${(office.refund(arg) / 100).toFixed(2)}`);
}

const left = office.available;
if (left > 0) {
  office.sell('Door sales', left);
  console.log(`door sold ${left}`);
}
for (const line of doorList(office)) console.log(line);
console.log(houseReport(office));
