'use strict';
// Replays a morning in the workspace: Bo reads along, then the project channel is archived
// (everyone leaves, it is deleted) while Bo's badge keeps being rendered.
const { Workspace } = require('./lib/workspace');

const w = new Workspace();
w.createChannel('general', 'general');
w.createChannel('launch', 'launch-2024');
for (const person of ['ana', 'bo']) { w.join(person, 'general'); w.join(person, 'launch'); }
w.post('general', 'ana', 1);
w.post('launch', 'ana', 2);
console.log('bo unread', w.unread('bo'));
for (const person of ['ana', 'bo']) w.leave(person, 'launch');
w.deleteChannel('launch');
w.post('general', 'ana', 3);
console.log('bo unread', w.unread('bo'));
