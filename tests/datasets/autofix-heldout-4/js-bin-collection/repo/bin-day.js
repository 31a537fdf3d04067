'use strict';
// Answers the residents' questions that came in through the website on Wednesday 12 March 2025.
const fs = require('node:fs');
const path = require('node:path');
const { parseStreets } = require('./lib/streets');
const { binDay } = require('./lib/lookup');

const streets = parseStreets(fs.readFileSync(path.join(__dirname, 'data', 'streets.csv'), 'utf8'));
console.log(`${streets.size} streets`);
for (const question of ['Beech Road', 'elm grove', 'Acacia Avenue', 'Ferry Road']) {
  console.log(binDay(streets, question, '2025-03-12'));
}
