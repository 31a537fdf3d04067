'use strict';
// The profile card shown next to every comment.

/** `Name (Team)` for the user with this id. */
async function profileCard(store, id) {
  const user = store.find(id);
  return `${user.profile.displayName} (${user.profile.team})`;
}

function initials(displayName) {
  return displayName.split(/\s+/).map((w) => w[0].toUpperCase()).join('');
}

module.exports = { profileCard, initials };
