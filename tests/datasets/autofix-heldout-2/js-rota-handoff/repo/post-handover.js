'use strict';
// Posts this Monday's handover, as the kitchen bot does; the rota restarted with Dee in January.
const { Rota } = require('./lib/rota');

const rota = new Rota(['ada', 'ben', 'cy', 'dee', 'eli'], 'dee', new Date('2024-01-01T00:00:00Z'));
for (const monday of ['2024-01-08', '2024-01-15', '2024-01-22']) {
  console.log(monday, rota.handover(new Date(`${monday}T09:00:00Z`)));
}
