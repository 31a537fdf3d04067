'use strict';

const store = {
  1: { name: 'Ada', address: { city: 'London', country: 'UK' } },
  2: { name: 'Grace', address: { city: 'Arlington', country: 'US' } },
};

async function loadProfile(id) {
  await new Promise((resolve) => setImmediate(resolve));
  return store[id];
}

async function shippingCity(id) {
  const profile = loadProfile(id);
  return profile.address.city;
}

async function greeting(id) {
  const profile = await loadProfile(id);
  return `Hello ${profile.name}`;
}

module.exports = { loadProfile, shippingCity, greeting };
