'use strict';
// One seed tray on the bench: a grid of cells, filled row by row from the top-left corner.
// Rows are lettered A, B, C ... from the back of the tray, columns numbered 1, 2, 3 ... from the left,
// the way the labels on the bench read.

const ROW_LETTERS = 'ABCDEFGHIJKL';

class Tray {
  constructor(id, type, rows, cols) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || rows > ROW_LETTERS.length) {
      throw new RangeError(`tray ${type}: bad size ${rows}x${cols}`);
    }
    this.id = id;
    this.type = type;
    this.rows = rows;
    this.cols = cols;
    this.cells = Array.from({ length: rows }, () => new Array(cols).fill(null));
    this.used = 0;
  }

  get size() {
    return this.rows * this.cols;
  }

  get free() {
    return this.size - this.used;
  }

  /** The bench name of the n-th cell (0-based, row by row): 'A1', 'A2', ... */
  cellName(n) {
    const row = Math.floor(n / this.cols);
    const col = n % this.cols;
    return `${ROW_LETTERS[row]}${col + 1}`;
  }

  /** Puts the sowing's code in the n-th cell. */
  place(n, code) {
    this.cells[Math.floor(n / this.rows)][n % this.cols] = code;
  }

  /** Fills the next `count` free cells with a sowing; answers the first and last cell used (0-based). */
  fill(code, count) {
    if (count < 1 || count > this.free) throw new RangeError(`tray ${this.id}: cannot take ${count} cells, ${this.free} free`);
    const first = this.used;
    for (let n = first; n < first + count; n++) this.place(n, code);
    this.used += count;
    return { first, last: first + count - 1 };
  }

  /** The tray as the bench sheet draws it: one line per row, '..' for an empty cell. */
  map() {
    const header = `   ${Array.from({ length: this.cols }, (_, c) => String(c + 1).padStart(2)).join(' ')}`;
    const lines = this.cells.map((row, r) => `${ROW_LETTERS[r]}  ${row.map((code) => code ?? '..').join(' ')}`);
    return [`${this.id} (${this.type}, ${this.used}/${this.size})`, header, ...lines];
  }
}

module.exports = { Tray, ROW_LETTERS };
