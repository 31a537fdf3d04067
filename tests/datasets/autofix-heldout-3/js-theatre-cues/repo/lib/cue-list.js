'use strict';
// A show's cue list for the lighting and sound desk: the stage manager calls "GO" and the desk
// runs the next cue. Anything that follows the show (the prompt-desk log, the sound operator's
// screen) subscribes with onGo and is told each time a cue has gone.

class CueList {
  /** @param {{number: string, label: string}[]} cues in running order */
  constructor(cues) {
    if (cues.length === 0) throw new RangeError('a cue list needs at least one cue');
    this.cues = cues;
    this.index = -1; // nothing has gone yet
    this.listeners = [];
  }

  /** The cue that has gone last (undefined before the first GO). */
  get current() {
    return this.cues[this.index];
  }

  /** The cue the desk is standing by for (undefined after the last one). */
  get standby() {
    return this.cues[this.index + 1];
  }

  /** Subscribes to GOs: `listener(current, standby)` runs after each cue has gone. */
  onGo(listener) {
    this.listeners.push(listener);
  }

  /** Runs the next cue and answers it. */
  go() {
    if (this.standby === undefined) throw new RangeError('the show is over: no cue left to go');
    this.notify();
    this.index += 1;
    return this.current;
  }

  notify() {
    for (const listener of this.listeners) listener(this.current, this.standby);
  }
}

module.exports = { CueList };
