'use strict';
// The shop's stock book. Every record has a SKU in upper case (format, then number: LP-0042,
// SEVEN-0113, CD-0009), the copies on the shelf and the level at which the buyer reorders it.

class StockBook {
  constructor(records) {
    this.items = new Map();
    for (const record of records) {
      this.items.set(record.sku, { ...record });
    }
  }

  /** Copies on the shelf of one SKU. */
  onHand(sku) {
    return this.items.get(sku).onHand;
  }

  /** Takes a day's sales off the shelf (returns put copies back). */
  applySales(sales) {
    for (const sale of sales) {
      const item = this.items.get(sale.sku);
      item.onHand -= sale.qty;
      item.sold = (item.sold || 0) + sale.qty;
    }
  }

  /** Records at or below their reorder level, with how many to order to get back to `target`. */
  reorderList() {
    const list = [];
    for (const item of this.items.values()) {
      if (item.onHand <= item.reorderAt) {
        list.push({ sku: item.sku, title: item.title, order: item.target - item.onHand });
      }
    }
    return list.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  }
}

module.exports = { StockBook };
