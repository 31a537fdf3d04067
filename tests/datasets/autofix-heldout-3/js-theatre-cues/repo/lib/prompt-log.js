'use strict';
// The prompt desk's show log: a line per cue that went, with what the desk stands by for next.

function promptLog(cueList, clock) {
  const lines = [];
  cueList.onGo((current, standby) => {
    const next = standby ? `standby ${standby.number}` : 'end of show';
    lines.push(`${clock()}  GO ${current.number} (${current.label}), ${next}`);
  });
  return lines;
}

module.exports = { promptLog };
