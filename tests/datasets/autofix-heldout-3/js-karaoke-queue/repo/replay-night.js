'use strict';
// Replays Friday's host log through the queue, as the bar's display does after a restart.
const { SignUpQueue } = require('./lib/queue');

const log = [
  ['signup', 'Mona', 'Dancing Queen'],
  ['signup', 'Raj', 'Wonderwall'],
  ['signup', 'Ilse', 'Africa'],
  ['signup', 'Kofi', 'Valerie'],
  ['call'],
  ['signup', 'Bea', 'Jolene'],
  ['withdraw', 2],
  ['call'],
  ['call'],
  ['call'],
];

const queue = new SignUpQueue();
for (const [action, ...args] of log) {
  if (action === 'signup') console.log(`ticket ${queue.signUp(...args)}: ${args[0]}`);
  else if (action === 'withdraw') queue.withdraw(args[0]);
  else console.log(queue.callNext());
}
console.log('still to come:', queue.upcoming.join(', ') || 'nobody');
