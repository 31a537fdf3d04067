'use strict';
// The box office of a small venue's seated gigs: orders take the best free seats, a refund puts an
// order's seats back on sale, and the door sells whatever is left on the night.

class BoxOffice {
  /** `seats`: the seat labels in order of preference (best first); `price`: one ticket, in pence. */
  constructor(seats, price) {
    this.capacity = seats.length;
    this.price = price;
    this.free = seats.map((label) => ({ label, holder: null }));
    this.sold = 0;
    this.orders = new Map();
    this.nextOrder = 1;
  }

  /** Tickets still on sale. */
  get available() {
    return this.capacity - this.sold;
  }

  /** Sells `count` seats to a buyer; answers the order number. */
  sell(buyer, count) {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`cannot sell ${count} tickets`);
    if (count > this.available) throw new RangeError(`only ${this.available} tickets left`);
    const seats = [];
    for (let i = 0; i < count; i++) {
      const seat = this.free.shift();
      seat.holder = buyer;
      seats.push(seat);
    }
    this.sold += count;
    const id = this.nextOrder++;
    this.orders.set(id, { id, buyer, seats });
    return id;
  }

  /** The seats of an order, by label. */
  seatsOf(id) {
    return this.order(id).seats.map((seat) => seat.label);
  }

  order(id) {
    const order = this.orders.get(id);
    if (!order) throw new RangeError(`no order ${id}`);
    return order;
  }

  /** Puts seats back on sale: after a refund, or when a promoter's hold is given back. */
  release(seats) {
    for (const seat of seats) {
      seat.holder = null;
      this.free.push(seat);
    }
    this.sold -= seats.length;
  }

  /** Refunds an order; answers the money to pay back, in pence. */
  refund(id) {
    const order = this.order(id);
    this.orders.delete(id);
    this.sold -= order.seats.length;
    this.release(order.seats);
    return order.seats.length * this.price;
  }
}

module.exports = { BoxOffice };
