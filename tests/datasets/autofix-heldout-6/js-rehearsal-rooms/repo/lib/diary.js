'use strict';
// The studio's diary for one day. Bookings are taken in the order they were made: each band gets the
// smallest room that holds it and is free for its slot (the cheaper one when two are the same size).
// The booking form only takes a booking while a room big enough is free for the slot, so there
// always is one.
const { slotOf, overlaps, hours } = require('./slots');
const { formatTime } = require('./clock');

class Diary {
  constructor(rooms) {
    this.rooms = rooms
      .map((room) => ({ ...room, bookings: [] }))
      .sort((a, b) => a.capacity - b.capacity || a.ratePence - b.ratePence || a.name.localeCompare(b.name));
  }

  isFree(room, slot) {
    return !room.bookings.some((booked) => overlaps(booked, slot));
  }

  allocate(booking) {
    if (!Number.isInteger(booking.size) || booking.size < 1) throw new RangeError(`${booking.band}: bad band size ${booking.size}`);
    const biggest = this.rooms[this.rooms.length - 1];
    if (booking.size > biggest.capacity) throw new RangeError(`${booking.band}: no room holds ${booking.size}`);
    const slot = slotOf(booking);
    const room = this.rooms.find((r) => r.capacity >= booking.size && this.isFree(r, slot));
    const entry = { band: booking.band, ...slot, costPence: Math.round(hours(slot) * room.ratePence) };
    room.bookings.push(entry);
    return { room: room.name, ...entry };
  }

  /** One line per room, its bookings in time order. */
  roomSheet() {
    return this.rooms.map((room) => {
      const booked = [...room.bookings].sort((a, b) => a.start - b.start);
      const list = booked.map((b) => `${formatTime(b.start)}-${formatTime(b.end)} ${b.band}`).join(', ');
      return `${room.name}: ${list || 'free all day'}`;
    });
  }

  takingsPence() {
    return this.rooms.reduce((sum, room) => sum + room.bookings.reduce((s, b) => s + b.costPence, 0), 0);
  }
}

const pounds = (pence) => `£${(pence / 100).toFixed(2)}`;

module.exports = { Diary, pounds };
