'use strict';

function readSavedFilters(stored) {
  if (stored === undefined) return null;
  return JSON.parse(stored);
}

function activeFilterCount(stored) {
  const filters = readSavedFilters(stored);
  return filters === null ? 0 : Object.keys(filters).length;
}

module.exports = { readSavedFilters, activeFilterCount };
