'use strict';
// "When is my bin day?": a street name to its next collection.
const { nextCollection } = require('./rounds');

function binDay(streets, name, from) {
  const { street, round } = streets.get(name.trim().toLowerCase());
  const next = nextCollection(round, from);
  return `${street}: ${next.weekday} ${next.date}, ${next.bins.join(' and ')}`;
}

module.exports = { binDay };
