'use strict';
// The club's court sheet for one day: every court is split into equal slots from opening to
// closing, and each slot can be booked by one member.
const { toMinutes, toTime } = require('./clock');

class CourtSheet {
  constructor({ courts, opens = '07:00', closes = '22:00', slotMinutes = 30 }) {
    this.opens = toMinutes(opens);
    this.closes = toMinutes(closes);
    this.slotMinutes = slotMinutes;
    const slots = (this.closes - this.opens) / slotMinutes;
    if (!Number.isInteger(slots) || slots <= 0) throw new RangeError('opening hours must be whole slots');
    this.courts = Array.from({ length: courts }, () =>
      Array.from({ length: slots }, (_, i) => ({ start: this.opens + i * slotMinutes, member: null })));
  }

  /** Which slot of a court starts at this time. */
  slotIndex(time) {
    const minutes = toMinutes(time);
    if (minutes < this.opens || minutes >= this.closes) throw new RangeError(`the courts are closed at ${time}`);
    const elapsed = minutes - this.opens;
    if (elapsed % this.slotMinutes !== 0) throw new RangeError(`no slot starts at ${time}`);
    return elapsed * this.slotMinutes;
  }

  court(number) {
    const court = this.courts[number - 1];
    if (!court) throw new RangeError(`there is no court ${number}`);
    return court;
  }

  book(number, time, member) {
    const slot = this.court(number)[this.slotIndex(time)];
    if (slot.member) throw new Error(`court ${number} at ${time} is taken by ${slot.member}`);
    slot.member = member;
  }

  cancel(number, time, member) {
    const slot = this.court(number)[this.slotIndex(time)];
    if (slot.member !== member) throw new Error(`court ${number} at ${time} is not booked by ${member}`);
    slot.member = null;
  }

  /** The start times still free on a court. */
  free(number) {
    return this.court(number).filter((slot) => !slot.member).map((slot) => toTime(slot.start));
  }

  /** Bookings of one member, court by court, in time order. */
  bookingsOf(member) {
    const found = [];
    this.courts.forEach((court, i) => court.forEach((slot) => {
      if (slot.member === member) found.push(`court ${i + 1} ${toTime(slot.start)}`);
    }));
    return found;
  }
}

module.exports = { CourtSheet };
