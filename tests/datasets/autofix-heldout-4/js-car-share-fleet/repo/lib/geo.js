'use strict';
// Distances between points given as { lat, lon } in degrees.

const EARTH_KM = 6371;
const rad = (deg) => (deg * Math.PI) / 180;

/** Great-circle distance in kilometres. */
function distanceKm(from, to) {
  const dLat = rad(to.lat - from.lat);
  const dLon = rad(to.lon - from.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(from.lat)) * Math.cos(rad(to.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.sqrt(h));
}

/** Walking minutes at 5 km/h, rounded up. */
function walkingMinutes(km) {
  return Math.ceil((km / 5) * 60);
}

module.exports = { distanceKm, walkingMinutes };
