'use strict';
// This month's expenses of flat 3B, as the app replays them before showing who owes what.
const { Ledger, formatCents } = require('./lib/ledger');

const ledger = new Ledger(['ana', 'bo', 'cy']);
ledger.addExpense('ana', 6000, ['ana', 'bo', 'cy']);
ledger.addExpense('bo', 4550, ['ana', 'bo', 'cy']);
ledger.addExpense('cy', 999, ['bo', 'cy']);
for (const [name, cents] of Object.entries(ledger.summary())) console.log(name, formatCents(cents));
