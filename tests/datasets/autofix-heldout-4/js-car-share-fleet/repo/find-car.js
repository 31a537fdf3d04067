'use strict';
// Answers the app's "cars near me" requests against the 08:15 telematics snapshot.
const { Fleet } = require('./lib/fleet');
const snapshot = require('./data/fleet-0815.json');

const fleet = new Fleet(snapshot);
const requests = [
  { member: 'm-2291', here: { lat: 51.4551, lon: -2.5890 } },
  { member: 'm-0784', here: { lat: 51.4680, lon: -2.5830 }, minCharge: 50 },
];
for (const { member, here, minCharge } of requests) {
  const cars = fleet.nearest(here, { minCharge });
  console.log(`${member}: ${cars.map((c) => `${c.plate} (${c.km} km, ${c.walk} min walk)`).join('; ') || 'no car nearby'}`);
}
fleet.book(fleet.nearest(requests[0].here)[0].plate, requests[0].member);
console.log(`${fleet.bookable().length} cars bookable after m-2291's booking`);
