'use strict';

const users = new Map([
  [1, { id: 1, profile: { name: 'Ada Lovelace' } }],
  [2, { id: 2, profile: { name: 'Grace Hopper' } }],
]);

function displayName(id) {
  const user = users.get(id);
  return user.profile.name;
}

function initials(id) {
  const name = displayName(id);
  return name === null ? '?' : name.split(' ').map((part) => part[0]).join('');
}

module.exports = { displayName, initials };
