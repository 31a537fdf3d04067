'use strict';
// The car club's fleet as the telematics snapshot reports it. A car is 'available' to book,
// 'booked' by a member, or 'workshop' while it is being serviced (no position is reported then).
const { distanceKm, walkingMinutes } = require('./geo');

class Fleet {
  constructor(cars) {
    this.cars = cars.map((car) => ({ ...car }));
  }

  car(plate) {
    const car = this.cars.find((c) => c.plate === plate);
    if (!car) throw new RangeError(`no car ${plate} in the fleet`);
    return car;
  }

  /** Cars a member can book now with at least this much charge (percent). */
  bookable(minCharge = 20) {
    return this.cars.filter((car) => car.status !== 'booked' && car.charge >= minCharge);
  }

  /** Bookable cars nearest first, with the distance and the walk to them. */
  nearest(here, { minCharge = 20, limit = 3 } = {}) {
    return this.bookable(minCharge)
      .map((car) => ({ plate: car.plate, km: distanceKm(here, car.location) }))
      .sort((a, b) => a.km - b.km || a.plate.localeCompare(b.plate))
      .slice(0, limit)
      .map(({ plate, km }) => ({ plate, km: Math.round(km * 100) / 100, walk: walkingMinutes(km) }));
  }

  book(plate, member) {
    const car = this.car(plate);
    if (!this.bookable(0).includes(car)) throw new Error(`${plate} cannot be booked now`);
    car.status = 'booked';
    car.member = member;
  }

  release(plate, location, charge) {
    const car = this.car(plate);
    if (car.status !== 'booked') throw new Error(`${plate} is not booked`);
    Object.assign(car, { status: 'available', member: undefined, location, charge });
  }
}

module.exports = { Fleet };
