'use strict';
// Renders one card, as the comments page does on the server.
const { UserStore } = require('./lib/store');
const { profileCard } = require('./lib/card');

const store = new UserStore([{ id: 7, profile: { displayName: 'Ada Lovelace', team: 'Engines' } }]);
profileCard(store, 7).then((card) => console.log(card));
