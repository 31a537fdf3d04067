'use strict';
// A team chat workspace: channels, who is in them, and the unread badge beside each person's name.
// The badge is read on every render, so each person's channel list is remembered between renders.

class Workspace {
  constructor() {
    this.channels = new Map(); // id -> { name, members: Set, messages: [{ at, author }] }
    this.lastRead = new Map(); // `${person}/${channel}` -> time of the last message they read
    this.memberOf = new Map(); // person -> channel ids, remembered
  }

  createChannel(id, name) {
    if (this.channels.has(id)) throw new Error(`channel ${id} exists`);
    this.channels.set(id, { name, members: new Set(), messages: [] });
  }

  deleteChannel(id) {
    this.channels.delete(id);
  }

  join(person, id) {
    this.channel(id).members.add(person);
  }

  leave(person, id) {
    this.channel(id).members.delete(person);
  }

  post(id, author, at) {
    this.channel(id).messages.push({ at, author });
  }

  read(person, id, at) {
    this.lastRead.set(`${person}/${id}`, at);
  }

  channel(id) {
    const channel = this.channels.get(id);
    if (!channel) throw new RangeError(`no channel ${id}`);
    return channel;
  }

  channelsOf(person) {
    if (!this.memberOf.has(person)) {
      this.memberOf.set(person, [...this.channels].filter(([, c]) => c.members.has(person)).map(([id]) => id));
    }
    return this.memberOf.get(person);
  }

  /** Messages by others, in the person's channels, newer than what they last read there. */
  unread(person) {
    let count = 0;
    for (const id of this.channelsOf(person)) {
      const seen = this.lastRead.get(`${person}/${id}`) ?? 0;
      count += this.channels.get(id).messages.filter((m) => m.author !== person && m.at > seen).length;
    }
    return count;
  }
}

module.exports = { Workspace };
