'use strict';
// A shared-expenses ledger for a flat: amounts are whole cents, kept as BigInt so balances never
// drift, and every expense is split so that the shares add up to exactly what was paid.

class Ledger {
  constructor(members) {
    this.balances = new Map(members.map((m) => [m, 0n]));
  }

  member(name) {
    if (!this.balances.has(name)) throw new RangeError(`${name} is not in this flat`);
    return name;
  }

  /** `payer` paid `cents` for everyone in `among` (the payer included when listed). */
  addExpense(payer, cents, among) {
    if (!Number.isInteger(cents) || cents <= 0) throw new RangeError(`not an amount in cents: ${cents}`);
    if (among.length === 0) throw new RangeError('an expense is shared by at least one person');
    this.credit(this.member(payer), BigInt(cents));
    for (const [name, share] of splitEvenly(cents, among)) this.credit(this.member(name), -BigInt(share));
  }

  credit(name, cents) {
    this.balances.set(name, this.balances.get(name) + cents);
  }

  /** Balances in cents: positive is owed to the member, negative is owed by them. */
  summary() {
    return Object.fromEntries([...this.balances].map(([name, cents]) => [name, Number(cents)]));
  }
}

/** Each person's share of `cents`, in the order given. */
function splitEvenly(cents, people) {
  const share = cents / people.length;
  return people.map((person) => [person, share]);
}

function formatCents(cents) {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

module.exports = { Ledger, splitEvenly, formatCents };
