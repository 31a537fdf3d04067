'use strict';
// A least-recently-used cache of rendered pages with a budget in bytes.

class SizedLru {
  constructor(maxBytes) {
    this.maxBytes = maxBytes;
    this.entries = new Map();
    this.order = []; // least recently used first
    this.bytes = 0;
  }

  get(key) {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.order.push(key);
    return entry.value;
  }

  set(key, value) {
    const size = Buffer.byteLength(value);
    if (this.entries.has(key)) this.delete(key);
    this.entries.set(key, { value, size });
    this.order.push(key);
    this.bytes += size;
    while (this.bytes > this.maxBytes) this.evictOldest();
  }

  delete(key) {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    this.order = this.order.filter((k) => k !== key);
    this.bytes -= entry.size;
    return true;
  }

  evictOldest() {
    const key = this.order.shift();
    this.bytes -= this.entries.get(key).size;
    this.entries.delete(key);
  }

  keys() {
    return [...this.order];
  }
}

module.exports = { SizedLru };
