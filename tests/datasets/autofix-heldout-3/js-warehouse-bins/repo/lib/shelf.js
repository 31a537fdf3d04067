'use strict';
// One shelf of a small shop's stock room: a row of numbered bins, each holding one product (SKU).
// Stock that arrives goes into the bin already holding its SKU, or else into the first empty bin.

class Shelf {
  constructor(name, binCount) {
    if (!Number.isInteger(binCount) || binCount < 1) throw new RangeError('a shelf has at least one bin');
    this.name = name;
    this.bins = Array.from({ length: binCount }, () => ({ sku: null, qty: 0 }));
  }

  /** Puts stock away; answers the bin number it went into (bins are numbered from 1 on the labels). */
  putAway(sku, qty) {
    if (!Number.isInteger(qty) || qty <= 0) throw new RangeError(`cannot put away ${qty} of ${sku}`);
    const held = this.bins.findIndex((bin) => bin.sku === sku);
    if (held > 0) {
      this.bins[held].qty += qty;
      return held + 1;
    }
    const empty = this.bins.findIndex((bin) => bin.sku === null);
    this.bins[empty].sku = sku;
    this.bins[empty].qty = qty;
    return empty + 1;
  }

  /** Takes stock out for an order; an emptied bin is free again. */
  pick(sku, qty) {
    const bin = this.bins.find((b) => b.sku === sku);
    if (!bin || bin.qty < qty) throw new RangeError(`only ${bin ? bin.qty : 0} of ${sku} on ${this.name}`);
    bin.qty -= qty;
    if (bin.qty === 0) bin.sku = null;
  }

  /** How many of a SKU the shelf holds. */
  stock(sku) {
    return this.bins.filter((b) => b.sku === sku).reduce((sum, b) => sum + b.qty, 0);
  }

  /** The shelf's label sheet: one line per bin. */
  labels() {
    return this.bins.map((bin, i) => `${this.name}-${i + 1}: ${bin.sku === null ? '(empty)' : `${bin.sku} x${bin.qty}`}`);
  }
}

module.exports = { Shelf };
