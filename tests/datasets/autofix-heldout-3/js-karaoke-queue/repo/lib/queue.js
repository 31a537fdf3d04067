'use strict';
// The sign-up queue of a karaoke night: singers put their name down with a song, the host calls
// them up in sign-up order, and someone who has to leave early takes their name off.

class SignUpQueue {
  constructor() {
    this.waiting = [];
    this.sung = [];
    this.nextTicket = 1;
  }

  /** Puts a singer down for a song; answers their ticket number. */
  signUp(singer, song) {
    if (!singer || !song) throw new TypeError('a sign-up needs a singer and a song');
    const ticket = this.nextTicket++;
    this.waiting.push({ ticket, singer, song });
    return ticket;
  }

  /** How many singers are before this ticket (0: up next). */
  position(ticket) {
    const at = this.waiting.findIndex((entry) => entry.ticket === ticket);
    if (at === -1) throw new RangeError(`ticket ${ticket} is not waiting`);
    return at;
  }

  /** Takes a sign-up off the queue; everyone after it moves up one place. */
  withdraw(ticket) {
    const at = this.position(ticket);
    this.waiting.splice(at);
  }

  /** Calls the next singer to the stage; answers the host's announcement. */
  callNext() {
    const entry = this.waiting.shift();
    this.sung.push(entry);
    return `Please welcome ${entry.singer.toUpperCase()} with "${entry.song}"!`;
  }

  /** The songs still to come, in order. */
  get upcoming() {
    return this.waiting.map((entry) => `${entry.singer}: ${entry.song}`);
  }
}

module.exports = { SignUpQueue };
