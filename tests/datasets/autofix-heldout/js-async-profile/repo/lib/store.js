'use strict';
// An in-memory stand-in for the user service: answers asynchronously like the real one.

class UserStore {
  constructor(users) {
    this.users = new Map(users.map((u) => [u.id, u]));
  }

  async find(id) {
    await new Promise((resolve) => setImmediate(resolve));
    const user = this.users.get(id);
    if (!user) throw new Error(`no user ${id}`);
    return user;
  }
}

module.exports = { UserStore };
